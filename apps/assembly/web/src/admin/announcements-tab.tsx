import { agendaRoutes } from "../../../src/api/routes/agenda.ts";
import { announcementRoutes } from "../../../src/api/routes/announcements.ts";
import { call } from "../api.ts";
import type { Announcement } from "../../../src/domain/agenda.ts";
import { useState } from "preact/hooks";
import { t } from "./console-texts.ts";
import { AnnouncementCard } from "../ui/announcement-card.tsx";
import { ConfirmDialog } from "../ui/confirm-dialog.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { mayChange, type ConsoleContext } from "./console-context.ts";
import { ShowOnScreens } from "./show-on-screens.tsx";
import { useFetched } from "./use-fetched.ts";
import { SubmitForm } from "../ui/submit-form.tsx";

/** Publish an announcement to every participant; the published ones, newest first. */
export function AnnouncementsTab({ ctx }: { ctx: ConsoleContext }) {
  const params = { eventId: ctx.eventId };
  const list = useFetched(announcementRoutes.listAnnouncements, { params });
  const agenda = useFetched(agendaRoutes.listAgenda, { params });
  const publish = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const agendaItemId = String(data.get("agendaItemId") ?? "");
    await call(announcementRoutes.publishAnnouncement, {
      params,
      body: { title: String(data.get("title") ?? ""), body: String(data.get("body") ?? ""), agendaItemId: agendaItemId || null },
    });
    form.reset();
    list.reload();
  });
  const announcements = [...(list.data?.announcements ?? [])].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
  return (
    <div class="stack">
      {mayChange(ctx) && (
        <SubmitForm action={publish} class="stack">
          <h2>{t("announcements.new")}</h2>
          <label>
            {t("field.title")}
            <input name="title" required maxLength={300} />
          </label>
          <label>
            {t("field.body")}
            <textarea name="body" rows={3} required maxLength={20000} />
          </label>
          <label>
            {t("field.agendaItem")}
            <select name="agendaItemId">
              <option value="">{t("field.none")}</option>
              {agenda.data?.items.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.title}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" class="primary" disabled={publish.busy}>
            {t("announcements.publish")}
          </button>
          <ErrorText error={publish.error} />
        </SubmitForm>
      )}
      <h2>{t("announcements.published")}</h2>
      <ErrorText error={list.error} />
      {announcements.map((announcement) => (
        <AnnouncementCard key={announcement.id} announcement={announcement} timezone={ctx.event.timezone}>
          {mayChange(ctx) && ctx.event.status !== "closed" && announcement.withdrawnAt === null && (
            <AnnouncementActions eventId={ctx.eventId} announcement={announcement} onChanged={list.reload} />
          )}
          {announcement.withdrawnAt === null && (
            <ShowOnScreens ctx={ctx} content={{ kind: "announcement", announcementId: announcement.id }} what={announcement.title} />
          )}
        </AnnouncementCard>
      ))}
    </div>
  );
}

/** Correct (inline form) or withdraw (after a confirmation) one published announcement. */
function AnnouncementActions({ eventId, announcement, onChanged }: { eventId: string; announcement: Announcement; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const params = { eventId, announcementId: announcement.id };
  const save = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    await call(announcementRoutes.editAnnouncement, {
      params,
      body: { title: String(data.get("title") ?? ""), body: String(data.get("body") ?? "") },
    });
    setEditing(false);
    onChanged();
  });
  const withdraw = useAction(async () => {
    await call(announcementRoutes.withdrawAnnouncement, { params });
    setConfirming(false);
    onChanged();
  });
  if (editing)
    return (
      <SubmitForm action={save} class="stack">
        <label>
          {t("field.title")}
          <input name="title" required maxLength={300} defaultValue={announcement.title} />
        </label>
        <label>
          {t("field.body")}
          <textarea name="body" rows={3} required maxLength={20000} defaultValue={announcement.body} />
        </label>
        <div class="actions">
          <button type="submit" class="primary" disabled={save.busy}>
            {t("save")}
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            {t("cancel")}
          </button>
        </div>
        <ErrorText error={save.error} />
      </SubmitForm>
    );
  return (
    <div class="actions">
      <button type="button" onClick={() => setEditing(true)} aria-label={t("announcement.edit", { title: announcement.title })}>
        {t("participants.edit")}
      </button>
      <button type="button" class="danger" onClick={() => setConfirming(true)}>
        {t("announcement.withdraw")}
      </button>
      <ErrorText error={withdraw.error} />
      <ConfirmDialog
        open={confirming}
        danger
        title={t("announcement.withdrawTitle", { title: announcement.title })}
        confirmLabel={t("announcement.withdraw")}
        cancelLabel={t("cancel")}
        onConfirm={() => void withdraw.run()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t("announcement.withdrawExplain")}</p>
      </ConfirmDialog>
    </div>
  );
}
