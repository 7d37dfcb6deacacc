import { ElectionResultView } from "../election/election-result.tsx";
import { t } from "../i18n.ts";
import type { ElectionDefinition, EventView } from "../model.ts";

/** The hall screen's elections: each open one's candidate list and turnout, else the latest published result. */
export function ElectionProjection({ view }: { view: EventView }) {
  const open = view.elections.filter((election) => election.status === "open");
  const published = view.elections.filter((election) => election.status === "published").at(-1);
  if (open.length === 0) {
    if (!published?.result) return null;
    return (
      <section class="projector-result" aria-labelledby="projector-election-result" data-testid="projector-election-result">
        <h2 id="projector-election-result">{published.title}</h2>
        <ElectionResultView result={published.result} definition={published.definition as ElectionDefinition} />
      </section>
    );
  }
  return (
    <>
      {open.map((election) => (
        <section
          key={election.id}
          class="projector-poll"
          aria-labelledby={`projector-election-${election.id}`}
          data-testid="projector-election"
        >
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
      ))}
    </>
  );
}
