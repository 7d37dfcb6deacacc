import type { Channel } from "phoenix";
import { useState } from "preact/hooks";
import { t } from "../i18n.ts";
import type { BallotReceipt, ElectionChoice, ElectionDefinition, ElectionView, ParticipantView } from "../model.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { settledBallot } from "./ballot-form.tsx";
import { castElectionVote, type ElectionBallotInput } from "./cast-vote.ts";
import { type SplitChoice, SplitInput, SplitSwitch } from "./split-input.tsx";

type Principal = ParticipantView["principals"][number];
type Mark = "yes" | "no" | "abstain";

/** Rank by buttons (a phone has no room to drag): add from the unranked, move up or down, take out again. */
function RankingInput({
  definition,
  ranking,
  onChange,
}: {
  definition: ElectionDefinition;
  ranking: string[];
  onChange: (next: string[]) => void;
}) {
  const names = new Map(definition.candidates.map((c) => [c.id, c.name]));
  const move = (index: number, by: number) => {
    const next = [...ranking];
    const [id] = next.splice(index, 1);
    next.splice(index + by, 0, id as string);
    onChange(next);
  };
  return (
    <div class="ranking">
      <h5>{t("ballot.yourRanking")}</h5>
      <ol data-testid="ranking">
        {ranking.map((id, index) => (
          <li key={id}>
            <span class="rank-name">{names.get(id)}</span>
            <button
              type="button"
              disabled={index === 0}
              aria-label={t("elections.moveUp", { name: names.get(id) ?? id })}
              onClick={() => move(index, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              disabled={index === ranking.length - 1}
              aria-label={t("elections.moveDown", { name: names.get(id) ?? id })}
              onClick={() => move(index, 1)}
            >
              ↓
            </button>
            <button
              type="button"
              aria-label={t("ballot.unrank", { name: names.get(id) ?? id })}
              onClick={() => onChange(ranking.filter((other) => other !== id))}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      <h5>{t("ballot.unranked")}</h5>
      <ul class="unranked">
        {definition.candidates
          .filter((c) => !ranking.includes(c.id))
          .map((c) => (
            <li key={c.id}>
              <button type="button" onClick={() => onChange([...ranking, c.id])} aria-label={t("ballot.rank", { name: c.name })}>
                + {c.name}
              </button>
            </li>
          ))}
      </ul>
    </div>
  );
}

/** What the voter marked, as the method's choice; null while it cannot be cast yet. */
function choiceOf(
  definition: ElectionDefinition,
  state: { picked: string[]; marks: Record<string, Mark>; votes: Record<string, number> },
): ElectionChoice | null {
  const method = definition.method;
  switch (method.kind) {
    case "yes_no_abstain":
      return { kind: "marks", marks: state.marks };
    case "approval":
      return state.picked.length >= method.minApprovals && state.picked.length <= method.maxApprovals
        ? { kind: "approve", candidateIds: state.picked }
        : null;
    case "cumulative": {
      const used = Object.values(state.votes).reduce((sum, n) => sum + n, 0);
      return used >= 1 && used <= method.votesPerBallot ? { kind: "distribute", votes: state.votes } : null;
    }
    case "single_choice":
      return state.picked[0] ? { kind: "single", candidateId: state.picked[0] } : null;
    case "stv":
    case "schulze":
      return state.picked.length > 0 ? { kind: "ranking", candidateIds: state.picked } : null;
  }
}

/**
 * What an election's weight can be split between on the phone: one choice per
 * candidate where a ballot naming one candidate is valid (single choice, an
 * approval asking for at most one, yes/no/abstain on a single candidate),
 * "no to all" and abstaining where allowed; null for the methods whose
 * ballots are rankings or spread votes (those splits are for the API).
 */
function splitChoices(definition: ElectionDefinition): SplitChoice<ElectionChoice>[] | null {
  const { method, candidates } = definition;
  const whole: SplitChoice<ElectionChoice>[] = [];
  if (method.kind === "approval" && method.allowNoToAll)
    whole.push({ key: "no-to-all", label: t("ballot.noToAll"), choice: { kind: "no_to_all" } });
  if (definition.allowAbstain) whole.push({ key: "abstain", label: t("vote.abstain"), choice: { kind: "abstain" } });
  const [only] = candidates;
  if (method.kind === "yes_no_abstain" && only !== undefined && candidates.length === 1) {
    const marks = (["yes", "no"] as const).map((mark) => ({
      key: `mark-${mark}`,
      label: `${only.name}: ${t(`election.${mark}`)}`,
      choice: { kind: "marks" as const, marks: { [only.id]: mark } },
    }));
    return [...marks, ...whole];
  }
  const perCandidate =
    method.kind === "single_choice"
      ? (id: string): ElectionChoice => ({ kind: "single", candidateId: id })
      : method.kind === "approval" && method.minApprovals <= 1
        ? (id: string): ElectionChoice => ({ kind: "approve", candidateIds: [id] })
        : null;
  if (perCandidate === null) return null;
  return [...candidates.map((c) => ({ key: `candidate-${c.id}`, label: c.name, choice: perCandidate(c.id) })), ...whole];
}

/** One principal's ballot in an open election, by its method (or split where the election allows it); then the receipt. */
export function ElectionBallot({
  election,
  principal,
  hasVoted,
  self,
  channel,
}: {
  election: ElectionView & { definition: ElectionDefinition };
  principal: Principal;
  hasVoted: boolean;
  self: boolean;
  channel: Channel | null;
}) {
  const definition = election.definition;
  const method = definition.method;
  const [picked, setPicked] = useState<string[]>([]);
  const [marks, setMarks] = useState<Record<string, Mark>>({});
  const [votes, setVotes] = useState<Record<string, number>>({});
  const [splitting, setSplitting] = useState(false);
  const [receipt, setReceipt] = useState<BallotReceipt | null>(null);
  const cast = useAction(async (ballot: ElectionBallotInput) => {
    setReceipt(await castElectionVote(channel, { electionId: election.id, principalId: principal.id, ...ballot }));
  });
  const heading = self ? t("vote.yours") : t("vote.forProxy", { name: principal.name });
  const settled = settledBallot(election.id, principal, heading, { hasVoted, receipt, error: cast.error, secret: election.secret });
  if (settled) return settled;
  const splits = definition.allowSplit && principal.weight > 1 ? splitChoices(definition) : null;
  const choice = choiceOf(definition, { picked, marks, votes });
  const group = `election-${election.id}-${principal.id}`;
  const toggle = (id: string, on: boolean) => setPicked((current) => (on ? [...current, id] : current.filter((other) => other !== id)));
  const used = Object.values(votes).reduce((sum, n) => sum + n, 0);
  return (
    <section class="ballot" aria-label={heading}>
      <h4>{heading}</h4>
      {splits && <SplitSwitch splitting={splitting} disabled={cast.busy} onChange={setSplitting} />}
      {splits && splitting ? (
        <SplitInput weight={principal.weight} choices={splits} busy={cast.busy} onCast={(parts) => void cast.run({ parts })} />
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (choice) void cast.run({ choice });
          }}
        >
          {method.kind === "yes_no_abstain" &&
            definition.candidates.map((c) => (
              <fieldset key={c.id} class="candidate-marks">
                <legend>{c.name}</legend>
                {(["yes", "no", "abstain"] as const).map((mark) => (
                  <label key={mark} class="option">
                    <input
                      type="radio"
                      name={`${group}-${c.id}`}
                      checked={(marks[c.id] ?? "abstain") === mark}
                      onChange={() => setMarks((current) => ({ ...current, [c.id]: mark }))}
                    />
                    <span>{t(`election.${mark}`)}</span>
                  </label>
                ))}
              </fieldset>
            ))}
          {(method.kind === "approval" || method.kind === "single_choice") && (
            <fieldset>
              {definition.candidates.map((c) => (
                <label key={c.id} class="option">
                  <input
                    type={method.kind === "single_choice" ? "radio" : "checkbox"}
                    name={group}
                    checked={picked.includes(c.id)}
                    disabled={method.kind === "approval" && !picked.includes(c.id) && picked.length >= method.maxApprovals}
                    onChange={(event) =>
                      method.kind === "single_choice" ? setPicked([c.id]) : toggle(c.id, (event.currentTarget as HTMLInputElement).checked)
                    }
                  />
                  <span>{c.name}</span>
                </label>
              ))}
            </fieldset>
          )}
          {method.kind === "cumulative" && (
            <fieldset>
              <legend>{t("ballot.votesLeft", { left: method.votesPerBallot - used })}</legend>
              {definition.candidates.map((c) => (
                <label key={c.id} class="option">
                  <input
                    type="number"
                    min={0}
                    max={method.maxPerCandidate}
                    value={votes[c.id] ?? 0}
                    aria-label={c.name}
                    onInput={(event) =>
                      setVotes((current) => ({ ...current, [c.id]: Number((event.currentTarget as HTMLInputElement).value) || 0 }))
                    }
                  />
                  <span>{c.name}</span>
                </label>
              ))}
            </fieldset>
          )}
          {(method.kind === "stv" || method.kind === "schulze") && (
            <RankingInput definition={definition} ranking={picked} onChange={setPicked} />
          )}
          <div class="choice-buttons">
            <button type="submit" class="big primary" disabled={cast.busy || choice === null}>
              {t("ballot.submit")}
            </button>
            {method.kind === "approval" && method.allowNoToAll && (
              <button type="button" class="big" disabled={cast.busy} onClick={() => void cast.run({ choice: { kind: "no_to_all" } })}>
                {t("ballot.noToAll")}
              </button>
            )}
            {definition.allowAbstain && (
              <button
                type="button"
                class="big vote-abstain"
                disabled={cast.busy}
                onClick={() => void cast.run({ choice: { kind: "abstain" } })}
              >
                {t("vote.abstain")}
              </button>
            )}
          </div>
        </form>
      )}
      {cast.busy && <p role="status">{t("vote.sending")}</p>}
      <ErrorText error={cast.error} />
    </section>
  );
}
