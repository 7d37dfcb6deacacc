import { agendaRoutes } from "../../../src/api/routes/agenda.ts";
import { announcementRoutes } from "../../../src/api/routes/announcements.ts";
import { call } from "../api.ts";
import { formatTime, t } from "../i18n.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { mayChange, type ConsoleContext } from "./console-context.ts";
import { useFetched } from "./use-fetched.ts";

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
        <form
          class="stack"
          onSubmit={(event) => {
            event.preventDefault();
            void publish.run(event.currentTarget as HTMLFormElement);
          }}
        >
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
        </form>
      )}
      <h2>{t("announcements.published")}</h2>
      <ErrorText error={list.error} />
      {announcements.map((announcement) => (
        <article key={announcement.id} class="announcement">
          <h3>{announcement.title}</h3>
          <p class="muted">
            <time dateTime={announcement.publishedAt}>{formatTime(announcement.publishedAt, ctx.event.timezone)}</time>
          </p>
          <p class="pre">{announcement.body}</p>
        </article>
      ))}
    </div>
  );
}
