import type { Channel } from "phoenix";
import { electionRules } from "../election/election-rules.ts";
import { ElectionResultView } from "../election/election-result.tsx";
import { t } from "../i18n.ts";
import type { ElectionDefinition, ElectionView, ParticipantView } from "../model.ts";
import { ElectionBallot } from "./election-ballot.tsx";

type Props = { elections: ElectionView[]; mine: ParticipantView | null; selfId: string; channel: Channel | null };

/** The participant's elections: the ballot of each open one (per principal), a closed one waiting, a published result. */
export function ElectionSection({ elections, mine, selfId, channel }: Props) {
  const shown = elections.filter((election) => election.status !== "draft");
  if (shown.length === 0) return null;
  return (
    <section aria-labelledby="open-elections">
      <h2 id="open-elections">{t("participant.openElections")}</h2>
      {shown.map((election) => {
        const definition = election.definition as ElectionDefinition;
        return (
          <article
            key={election.id}
            class={`poll election ${election.status}`}
            data-election-id={election.id}
            aria-labelledby={`election-${election.id}`}
          >
            <h3 id={`election-${election.id}`}>{election.title}</h3>
            {election.description && <p>{election.description}</p>}
            <p class="muted">
              {election.secret ? t("poll.secret") : t("poll.named")} · {electionRules(definition)}
            </p>
            {election.status === "open" && (
              <>
                <ul class="candidates">
                  {definition.candidates.map((candidate) => (
                    <li key={candidate.id}>
                      <strong>{candidate.name}</strong>
                      {candidate.statement && <p class="muted pre">{candidate.statement}</p>}
                    </li>
                  ))}
                </ul>
                {mine?.principals.map((principal) => (
                  <ElectionBallot
                    key={principal.id}
                    election={{ ...election, definition }}
                    principal={principal}
                    hasVoted={(mine.voted[election.id] ?? []).includes(principal.id)}
                    self={principal.id === selfId}
                    channel={channel}
                  />
                ))}
              </>
            )}
            {election.status === "closed" && <p>{t("election.awaiting")}</p>}
            {election.status === "published" && election.result && <ElectionResultView result={election.result} definition={definition} />}
          </article>
        );
      })}
    </section>
  );
}
