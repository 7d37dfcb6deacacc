import { useEffect, useState } from "preact/hooks";
import { agendaRoutes } from "../../../src/api/routes/agenda.ts";
import { pollRoutes } from "../../../src/api/routes/polls.ts";
import { call } from "../api.ts";
import { t, presentNotVotedText } from "./console-texts.ts";
import type { AgendaItem, Poll } from "../model.ts";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { ResultBars } from "../ui/result-bars.tsx";
import { ConfirmDialog } from "../ui/confirm-dialog.tsx";
import { useAction } from "../ui/use-action.ts";
import { mayChange, type ConsoleContext } from "./console-context.ts";
import { ShowOnScreens } from "./show-on-screens.tsx";
import { NamedBallots } from "./named-ballots.tsx";
import { PaperVotesPanel } from "./paper-votes-panel.tsx";
import { PollForm } from "./poll-form.tsx";
import { pollRules } from "./poll-rules.ts";
import { useFetched } from "./use-fetched.ts";

const steps = { open: pollRoutes.openPoll, close: pollRoutes.closePoll, publish: pollRoutes.publishPoll, delete: pollRoutes.deletePoll };

const nextStep: Record<Poll["status"], "open" | "close" | "publish" | null> = {
  draft: "open",
  open: "close",
  closed: "publish",
  published: null,
};

function PollResult({ eventId, poll }: { eventId: string; poll: Poll }) {
  const result = useFetched(pollRoutes.pollResults, { params: { eventId, pollId: poll.id } });
  if (result.error) return <ErrorText error={result.error} />;
  return result.data ? <ResultBars result={result.data.tally} title={poll.title} kind={poll.kind} /> : <Busy />;
}

function PollRow({ ctx, poll, agenda, onChanged }: { ctx: ConsoleContext; poll: Poll; agenda: AgendaItem[]; onChanged: () => void }) {
  const step = nextStep[poll.status];
  const [editing, setEditing] = useState(false);
  const [paperOpen, setPaperOpen] = useState(false);
  // Moves on with every paper entry, so the result below is fetched again.
  const [paperVersion, setPaperVersion] = useState(0);
  const paperWindow = poll.status === "open" || poll.status === "closed";
  const act = useAction(async (verb: keyof typeof steps) => {
    setConfirming(null);
    await call(steps[verb], { params: { eventId: ctx.eventId, pollId: poll.id } });
    onChanged();
  });
  // Closing ends the vote for everyone and deleting loses the draft: both are asked first.
  const [confirming, setConfirming] = useState<"close" | "delete" | null>(null);
  const ask = (verb: keyof typeof steps) => (verb === "close" || verb === "delete" ? setConfirming(verb) : void act.run(verb));
  const live = ctx.admin.model?.openPolls.find((open) => open.pollId === poll.id);
  if (editing) {
    return (
      <PollForm
        eventId={ctx.eventId}
        agenda={agenda}
        poll={poll}
        onDone={(saved) => {
          setEditing(false);
          if (saved) onChanged();
        }}
      />
    );
  }
  return (
    <article class={`poll admin-poll ${poll.status}`} data-poll-id={poll.id} aria-labelledby={`admin-poll-${poll.id}`}>
      <h3 id={`admin-poll-${poll.id}`}>
        {poll.title} <span class={`pill poll-${poll.status}`}>{t(`poll.status.${poll.status}`)}</span>
      </h3>
      <p class="muted" data-testid="poll-rules">
        {pollRules(poll)}
      </p>
      {poll.kind !== "yes_no_abstain" && <p class="muted">{poll.options.map((option) => option.label).join(" · ")}</p>}
      {live && (
        <p class="open-turnout">
          {t("poll.turnout", { count: live.count, eligible: live.eligibleCount })} · {presentNotVotedText(live.presentNotVoted)}
        </p>
      )}
      {mayChange(ctx) && (
        <div class="actions">
          {step && (
            <button type="button" class="primary" disabled={act.busy} onClick={() => ask(step)}>
              {t(`polls.${step}`)}
            </button>
          )}
          {poll.status === "draft" && (
            <>
              <button
                type="button"
                disabled={act.busy}
                onClick={() => setEditing(true)}
                aria-label={t("polls.edit", { title: poll.title })}
              >
                {t("edit")}
              </button>
              <button type="button" disabled={act.busy} onClick={() => ask("delete")} aria-label={t("polls.delete", { title: poll.title })}>
                {t("delete")}
              </button>
            </>
          )}
          {paperWindow && (
            <button type="button" aria-expanded={paperOpen} onClick={() => setPaperOpen(!paperOpen)}>
              {paperOpen ? t("paper.hide") : t("paper.enter")}
            </button>
          )}
          {act.busy && <Busy />}
        </div>
      )}
      <ErrorText error={act.error} />
      {poll.status !== "draft" && <ShowOnScreens ctx={ctx} content={{ kind: "poll", pollId: poll.id }} what={poll.title} />}
      <ConfirmDialog
        open={confirming !== null}
        danger={confirming === "delete"}
        title={confirming === "delete" ? t("polls.deleteTitle", { title: poll.title }) : t("polls.closeTitle", { title: poll.title })}
        confirmLabel={confirming === "delete" ? t("delete") : t("polls.close")}
        cancelLabel={t("cancel")}
        onConfirm={() => confirming && void act.run(confirming)}
        onCancel={() => setConfirming(null)}
      >
        <p>
          {confirming === "delete"
            ? t("polls.deleteExplain")
            : live
              ? t("polls.closeExplain", { count: live.count, eligible: live.eligibleCount })
              : t("polls.closeExplainPlain")}
        </p>
      </ConfirmDialog>
      {(poll.status === "closed" || poll.status === "published") && (
        <PollResult key={`${poll.status}:${paperVersion}`} eventId={ctx.eventId} poll={poll} />
      )}
      {paperOpen && paperWindow && mayChange(ctx) && (
        <PaperVotesPanel eventId={ctx.eventId} poll={poll} onChanged={() => setPaperVersion((version) => version + 1)} />
      )}
      {poll.status === "published" && !poll.secret && <NamedBallots eventId={ctx.eventId} poll={poll} />}
    </article>
  );
}

/** Polls: create drafts, run them (open → close → publish), watch turnout, see results. */
export function PollsTab({ ctx }: { ctx: ConsoleContext }) {
  const params = { eventId: ctx.eventId };
  const polls = useFetched(pollRoutes.listPolls, { params });
  const agenda = useFetched(agendaRoutes.listAgenda, { params });
  // Another chair may run a poll: the live view's statuses tell when the list is stale.
  const liveStatuses = ctx.live.model?.polls.map((poll) => `${poll.id}:${poll.status}`).join() ?? "";
  useEffect(polls.reload, [liveStatuses]);
  return (
    <div class="stack">
      <h2>{t("tab.polls")}</h2>
      <ErrorText error={polls.error ?? agenda.error} />
      {polls.data?.polls.length === 0 && <p class="muted">{t("polls.none")}</p>}
      {polls.data?.polls.map((poll) => (
        <PollRow key={poll.id} ctx={ctx} poll={poll} agenda={agenda.data?.items ?? []} onChanged={polls.reload} />
      ))}
      {agenda.data && mayChange(ctx) && <PollForm eventId={ctx.eventId} agenda={agenda.data.items} onDone={polls.reload} />}
    </div>
  );
}
