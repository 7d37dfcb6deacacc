import { useState } from "preact/hooks";
import { projectorRoutes } from "../../../src/api/routes/projectors.ts";
import { Topics } from "../../../src/api/topics.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import { useLiveView } from "../live/hooks.ts";
import type { MotionListView, ProjectorContentInput, ProjectorScreenView } from "../model.ts";
import { speakerListTitle } from "../participant/speakers-section.tsx";
import { ProjectorScreen, type ScreenSources } from "../projector/projector-screen.tsx";
import { ActionForm } from "../ui/action-form.tsx";
import { ConfirmDialog } from "../ui/confirm-dialog.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { mayChange, type ConsoleContext } from "./console-context.ts";
import { showing, useShowOnScreen } from "./show-on-screens.tsx";

interface Choice {
  readonly value: string;
  readonly label: string;
  readonly content: ProjectorContentInput;
}

/** Everything a screen may show, grouped as the picker lists it; drafts and withdrawn announcements are not in the views. */
function choicesOf(ctx: ConsoleContext, motions: MotionListView | null): { group: string; choices: Choice[] }[] {
  const view = ctx.live.model;
  if (!view) return [];
  const groups: { group: string; choices: Choice[] }[] = [
    {
      group: t("projectors.kind.agendaItem"),
      choices: view.agenda.map((item) => ({
        value: `agendaItem:${item.id}`,
        label: item.title,
        content: { kind: "agendaItem", agendaItemId: item.id },
      })),
    },
    {
      group: t("projectors.kind.poll"),
      choices: view.polls.map((poll) => ({
        value: `poll:${poll.id}`,
        label: `${poll.title} (${t(`poll.status.${poll.status}`)})`,
        content: { kind: "poll", pollId: poll.id },
      })),
    },
    {
      group: t("projectors.kind.election"),
      choices: view.elections
        .filter((election) => election.status !== "draft")
        .map((election) => ({
          value: `election:${election.id}`,
          label: `${election.title} (${t(`poll.status.${election.status}`)})`,
          content: { kind: "election", electionId: election.id },
        })),
    },
    {
      group: t("projectors.kind.announcement"),
      choices: view.announcements.map((announcement) => ({
        value: `announcement:${announcement.id}`,
        label: announcement.title,
        content: { kind: "announcement", announcementId: announcement.id },
      })),
    },
    {
      group: t("projectors.kind.speakers"),
      choices: (ctx.speakers.model?.lists ?? []).map((list) => ({
        value: `speakers:${list.id}`,
        label: speakerListTitle(list, view.agenda),
        content: { kind: "speakers", listId: list.id },
      })),
    },
    {
      group: t("projectors.kind.motion"),
      choices: (motions?.motions ?? []).map((motion) => ({
        value: `motion:${motion.id}`,
        label: motion.number === null ? motion.title : `${motion.number} ${motion.title}`,
        content: { kind: "motion", motionId: motion.id },
      })),
    },
  ];
  return groups.filter((group) => group.choices.length > 0);
}

/** The screen as the hall sees it, scaled down: the same component, fed by the console's live views. */
function Preview({ ctx, screen, sources }: { ctx: ConsoleContext; screen: ProjectorScreenView; sources: ScreenSources | null }) {
  return (
    <figure
      class="projector-preview"
      data-testid="projector-preview"
      data-screen={screen.name}
      aria-label={t("projectors.preview", { name: screen.name })}
    >
      <div class="projector projector-scaled" inert>
        {sources && <ProjectorScreen eventId={ctx.eventId} screen={screen} sources={sources} />}
      </div>
    </figure>
  );
}

/** Choosing what one screen shows: follow the day, blank, anything of the event, or a countdown. */
function ScreenControls({
  ctx,
  screen,
  choices,
}: {
  ctx: ConsoleContext;
  screen: ProjectorScreenView;
  choices: ReturnType<typeof choicesOf>;
}) {
  const show = useShowOnScreen(ctx.eventId);
  const all = choices.flatMap((group) => group.choices);
  const pick = useAction(async (form: HTMLFormElement) => {
    const chosen = all.find((choice) => choice.value === String(new FormData(form).get("content") ?? ""));
    if (chosen) await show.run(screen.id, chosen.content);
  });
  const countdown = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const label = String(data.get("label") ?? "");
    const until = String(data.get("at") ?? "");
    const content: ProjectorContentInput = until
      ? { kind: "countdown", label, at: until }
      : { kind: "countdown", label, durationSeconds: Math.round(Number(data.get("minutes") ?? 0) * 60) };
    await show.run(screen.id, content);
  });
  const simple = (content: ProjectorContentInput, label: string) => (
    <button
      type="button"
      disabled={show.busy}
      aria-pressed={showing(screen.content, content)}
      onClick={() => void show.run(screen.id, content)}
    >
      {label}
    </button>
  );
  return (
    <div class="stack">
      <div class="actions">
        {simple({ kind: "auto" }, t("projectors.auto"))}
        {simple({ kind: "blank" }, t("projectors.blank"))}
      </div>
      {all.length > 0 && (
        <ActionForm label={t("projectors.showOther")} action={pick} class="inline-form">
          <label>
            {t("projectors.content")}
            <select name="content">
              {choices.map((group) => (
                <optgroup key={group.group} label={group.group}>
                  {group.choices.map((choice) => (
                    <option key={choice.value} value={choice.value}>
                      {choice.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          <button type="submit" disabled={show.busy}>
            {t("projectors.show")}
          </button>
        </ActionForm>
      )}
      <ActionForm label={t("projectors.countdown")} action={countdown} class="inline-form">
        <label>
          {t("projectors.countdownLabel")}
          <input name="label" maxLength={300} />
        </label>
        <label>
          {t("projectors.minutes")}
          <input name="minutes" type="number" min={1} max={1440} step={1} defaultValue="5" />
        </label>
        <label>
          {t("projectors.until")}
          <input name="at" type="time" />
        </label>
        <button type="submit" disabled={show.busy}>
          {t("projectors.startCountdown")}
        </button>
      </ActionForm>
      <ErrorText error={show.error} />
    </div>
  );
}

/** Renaming and removing a screen (removal is asked first: the hall's page goes dark). */
function ScreenSettings({ ctx, screen }: { ctx: ConsoleContext; screen: ProjectorScreenView }) {
  const [confirming, setConfirming] = useState(false);
  const params = { eventId: ctx.eventId, projectorId: screen.id };
  const rename = useAction(async (form: HTMLFormElement) => {
    await call(projectorRoutes.renameProjector, { params, body: { name: String(new FormData(form).get("name") ?? "") } });
  });
  const remove = useAction(async () => {
    setConfirming(false);
    await call(projectorRoutes.deleteProjector, { params });
  });
  return (
    <div class="stack">
      <ActionForm label={t("projectors.rename")} action={rename} class="inline-form">
        <label>
          {t("projectors.name")}
          <input name="name" required maxLength={300} defaultValue={screen.name} />
        </label>
        <button type="submit" disabled={rename.busy}>
          {t("save")}
        </button>
      </ActionForm>
      <div class="actions">
        <button type="button" class="danger" disabled={remove.busy} onClick={() => setConfirming(true)}>
          {t("projectors.remove", { name: screen.name })}
        </button>
      </div>
      <ErrorText error={remove.error} />
      <ConfirmDialog
        open={confirming}
        danger
        title={t("projectors.removeTitle", { name: screen.name })}
        confirmLabel={t("delete")}
        cancelLabel={t("cancel")}
        onConfirm={() => void remove.run()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t("projectors.removeExplain")}</p>
      </ConfirmDialog>
    </div>
  );
}

function ScreenCard({
  ctx,
  screen,
  sources,
  choices,
}: {
  ctx: ConsoleContext;
  screen: ProjectorScreenView;
  sources: ScreenSources | null;
  choices: ReturnType<typeof choicesOf>;
}) {
  const href = `/projector/${encodeURIComponent(ctx.eventId)}/${encodeURIComponent(screen.id)}`;
  return (
    <article class="projector-card" aria-labelledby={`screen-${screen.id}`} data-testid="projector-card" data-screen={screen.name}>
      <h3 id={`screen-${screen.id}`}>
        {screen.name} <span class="pill">{t(`projectors.kind.${screen.content.kind}`)}</span>
      </h3>
      <p>
        <a href={href} target="_blank" rel="noopener">
          {t("projectors.open", { name: screen.name })}
        </a>
      </p>
      <Preview ctx={ctx} screen={screen} sources={sources} />
      {mayChange(ctx) && (
        <>
          <ScreenControls ctx={ctx} screen={screen} choices={choices} />
          <ScreenSettings ctx={ctx} screen={screen} />
        </>
      )}
    </article>
  );
}

/** The room's screens: each one's live preview, what it shows, and a new one. */
export function ProjectorsTab({ ctx }: { ctx: ConsoleContext }) {
  const motions = useLiveView<MotionListView>(ctx.connection, Topics.motions(ctx.eventId));
  const create = useAction(async (form: HTMLFormElement) => {
    await call(projectorRoutes.createProjector, {
      params: { eventId: ctx.eventId },
      body: { name: String(new FormData(form).get("name") ?? "") },
    });
    form.reset();
  });
  const screens = ctx.projectors.model?.projectors ?? [];
  const view = ctx.live.model;
  const sources: ScreenSources | null = view && { view, speakers: ctx.speakers.model, motions: motions.model };
  const choices = choicesOf(ctx, motions.model);
  return (
    <div class="stack">
      <h2>{t("tab.projectors")}</h2>
      <p class="muted">{t("projectors.intro")}</p>
      {ctx.projectors.model && screens.length === 0 && <p class="muted">{t("projectors.none")}</p>}
      <div class="projector-cards">
        {screens.map((screen) => (
          <ScreenCard key={screen.id} ctx={ctx} screen={screen} sources={sources} choices={choices} />
        ))}
      </div>
      {mayChange(ctx) && (
        <ActionForm label={t("projectors.new")} action={create}>
          <label>
            {t("projectors.name")}
            <input name="name" required maxLength={300} placeholder={t("projectors.namePlaceholder")} />
          </label>
          <button type="submit" class="primary" disabled={create.busy}>
            {t("projectors.create")}
          </button>
        </ActionForm>
      )}
    </div>
  );
}
