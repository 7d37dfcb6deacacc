import { t } from "../i18n.ts";
import type { PollView } from "../model.ts";
import { ResultBars } from "../ui/result-bars.tsx";
import { WaitingView } from "./waiting-view.tsx";

/** An open poll: its question and the turnout so far. */
export function OpenPoll({ poll }: { poll: PollView }) {
  const turnout = poll.turnout;
  return (
    <section class="projector-poll" aria-labelledby={`projector-poll-${poll.id}`}>
      <h2 id={`projector-poll-${poll.id}`}>{poll.title}</h2>
      {poll.description && <p class="pre">{poll.description}</p>}
      <p class="big-number" data-testid="projector-turnout">
        {turnout ? t("poll.turnout", { count: turnout.count, eligible: turnout.eligibleCount }) : ""}
      </p>
      {turnout && (
        <progress class="turnout" max={Math.max(turnout.eligibleCount, 1)} value={turnout.count} aria-label={t("projector.turnout")} />
      )}
    </section>
  );
}

/** A published result: the bars and the rule in words. */
export function PollResultShown({ poll }: { poll: PollView }) {
  if (!poll.result) return null;
  return (
    <section class="projector-result" aria-labelledby="projector-result" data-testid="projector-result">
      <h2 id="projector-result">{poll.title}</h2>
      <ResultBars result={poll.result} title={poll.title} kind={poll.kind} />
    </section>
  );
}

/** One poll a chair put on the screen: open, being counted (closed, not yet published), or its result. */
export function PollShown({ poll }: { poll: PollView }) {
  if (poll.status === "open") return <OpenPoll poll={poll} />;
  if (poll.status === "published") return <PollResultShown poll={poll} />;
  return <WaitingView title={poll.title} status={poll.status} />;
}
