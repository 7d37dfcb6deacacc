import { ElectionResultView } from "../election/election-result.tsx";
import { t } from "../i18n.ts";
import type { ElectionDefinition, ElectionView, EventView } from "../model.ts";
import { WaitingView } from "./waiting-view.tsx";

/** A published election's result with its rules, as the hall reads it. */
function ElectionResultShown({ election }: { election: ElectionView }) {
  if (!election.result) return null;
  return (
    <section class="projector-result" aria-labelledby="projector-election-result" data-testid="projector-election-result">
      <h2 id="projector-election-result">{election.title}</h2>
      <ElectionResultView result={election.result} definition={election.definition as ElectionDefinition} />
    </section>
  );
}

/** An open election: its candidates and turnout. */
function ElectionCandidates({ election }: { election: ElectionView }) {
  return (
    <section class="projector-poll" aria-labelledby={`projector-election-${election.id}`} data-testid="projector-election">
      <h2 id={`projector-election-${election.id}`}>{election.title}</h2>
      <ol class="candidates">
        {(election.definition?.candidates ?? []).map((candidate) => (
          <li key={candidate.id}>{candidate.name}</li>
        ))}
      </ol>
      {election.turnout && (
        <p class="big-number">{t("election.turnout", { count: election.turnout.count, eligible: election.turnout.eligibleCount })}</p>
      )}
    </section>
  );
}

/** One election a chair put on the screen: candidates while open, the result once published, a wait in between. */
export function ElectionShown({ election }: { election: ElectionView }) {
  if (election.status === "published") return <ElectionResultShown election={election} />;
  if (election.status === "open") return <ElectionCandidates election={election} />;
  return <WaitingView title={election.title} status={election.status} />;
}

/** The hall screen's elections: each open one's candidate list and turnout, else the latest published result. */
export function ElectionProjection({ view }: { view: EventView }) {
  const open = view.elections.filter((election) => election.status === "open");
  const published = view.elections.filter((election) => election.status === "published").at(-1);
  if (open.length === 0) return published ? <ElectionResultShown election={published} /> : null;
  return (
    <>
      {open.map((election) => (
        <ElectionCandidates key={election.id} election={election} />
      ))}
    </>
  );
}
