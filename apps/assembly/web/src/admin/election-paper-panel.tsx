import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { electionRoutes } from "../../../src/api/routes/elections.ts";
import type { ElectionPaperEntry } from "../../../src/api/schemas/elections.ts";
import { call } from "../api.ts";
import { formatTime } from "../i18n.ts";
import { t } from "./console-texts.ts";
import type { Election, ElectionDefinition, ElectionPaper } from "../model.ts";
import { ConfirmDialog } from "../ui/confirm-dialog.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { electionPaperText as text } from "./election-paper-texts.ts";
import { sumOfParts, TotalFields, totalOf } from "./paper-votes-panel.tsx";

type Total = { count: number; weight: number };
const none: Total = { count: 0, weight: 0 };
type Ballots = Extract<ElectionPaperEntry, { kind: "ballots" }>["ballots"];

/** The hall count as the method counts it, out of the form's fields (see `CountsFields`). */
function countsOf(definition: ElectionDefinition, data: FormData): ElectionPaperEntry {
  const totals = {
    voters: totalOf(data, "voters"),
    abstentions: definition.allowAbstain ? totalOf(data, "abstentions") : none,
    invalid: totalOf(data, "invalid"),
  };
  const ids = definition.candidates.map((candidate) => candidate.id);
  const method = definition.method;
  switch (method.kind) {
    case "yes_no_abstain":
      return {
        kind: method.kind,
        ...totals,
        candidates: ids.map((id) => ({ candidateId: id, yes: totalOf(data, `${id}.yes`), no: totalOf(data, `${id}.no`) })),
      };
    case "approval":
      return {
        kind: method.kind,
        ...totals,
        noToAll: method.allowNoToAll ? totalOf(data, "noToAll") : none,
        candidates: ids.map((id) => ({ candidateId: id, approvals: totalOf(data, `${id}.approvals`) })),
      };
    case "cumulative":
    case "single_choice":
      return { kind: method.kind, ...totals, candidates: ids.map((id) => ({ candidateId: id, votes: totalOf(data, `${id}.votes`) })) };
    case "stv":
    case "schulze":
      throw new Error(text("electionPaper.rankedHint"));
  }
}

/** Reads one ranking per line: "2 1 3", or with a weight first, "3: 2 1"; candidates by their number in the list. */
function parseBallots(definition: ElectionDefinition, lines: string): Ballots {
  return lines
    .split("\n")
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== "")
    .map(({ line, number }) => {
      const match = /^(?:(\d+)\s*:)?\s*(\d+(?:[\s,>]+\d+)*)$/.exec(line);
      const ranked = match?.[2]?.split(/[\s,>]+/).map((n) => definition.candidates[Number(n) - 1]?.id);
      if (match === null || ranked === undefined || ranked.some((id) => id === undefined)) {
        throw new Error(text("electionPaper.badLine", { line: number, text: line }));
      }
      return { weight: Number(match[1] ?? 1), choice: { kind: "ranking" as const, candidateIds: ranked as string[] } };
    });
}

/** The entered ballots back as the lines `parseBallots` reads. */
function ballotLines(definition: ElectionDefinition, election: Election): string {
  const entry = election.paper?.entry;
  if (entry?.kind !== "ballots") return "";
  const number = (id: string) => definition.candidates.findIndex((candidate) => candidate.id === id) + 1;
  return entry.ballots
    .map(({ weight, choice }) => {
      const ranking = choice.kind === "ranking" ? choice.candidateIds.map(number).join(" ") : "";
      return weight === 1 ? ranking : `${weight}: ${ranking}`;
    })
    .join("\n");
}

/** Per candidate, the fields of the method's counts, prefilled with what was entered. */
function CountsFields({ definition, entry }: { definition: ElectionDefinition; entry: ElectionPaper | undefined }) {
  const method = definition.method;
  const find = <T extends { candidateId: string }>(list: readonly T[] | undefined, id: string) => list?.find((c) => c.candidateId === id);
  const current = entry?.kind === "ballots" ? undefined : entry;
  return (
    <>
      {definition.candidates.map(({ id, name }) => {
        if (method.kind === "yes_no_abstain") {
          const given = current?.kind === "yes_no_abstain" ? find(current.candidates, id) : undefined;
          return (
            <Fragment key={id}>
              <TotalFields name={`${id}.yes`} label={text("electionPaper.yes", { name })} value={given?.yes} />
              <TotalFields name={`${id}.no`} label={text("electionPaper.no", { name })} value={given?.no} />
            </Fragment>
          );
        }
        if (method.kind === "approval") {
          const given = current?.kind === "approval" ? find(current.candidates, id) : undefined;
          return (
            <TotalFields key={id} name={`${id}.approvals`} label={text("electionPaper.approvals", { name })} value={given?.approvals} />
          );
        }
        const given = current?.kind === "cumulative" || current?.kind === "single_choice" ? find(current.candidates, id) : undefined;
        const labels =
          method.kind === "cumulative"
            ? { count: text("electionPaper.votesCount", { name }), weight: text("electionPaper.votesWeight", { name }) }
            : undefined;
        return (
          <TotalFields key={id} name={`${id}.votes`} label={text("electionPaper.votes", { name })} value={given?.votes} labels={labels} />
        );
      })}
      {method.kind === "approval" && method.allowNoToAll && (
        <TotalFields
          name="noToAll"
          label={text("electionPaper.noToAll")}
          value={current?.kind === "approval" ? current.noToAll : undefined}
        />
      )}
    </>
  );
}

/**
 * Paper ballots of one closed election in the chair console: the tellers'
 * counts in the method's terms, or for ranked methods each ballot as a
 * ranking. Saved after a confirmation showing online + paper against the
 * electorate; the server counts the election again with both.
 */
export function ElectionPaperPanel({ eventId, election, onChanged }: { eventId: string; election: Election; onChanged: () => void }) {
  const definition = election.definition as ElectionDefinition;
  const ranked = definition.method.kind === "stv" || definition.method.kind === "schulze";
  const [pending, setPending] = useState<ElectionPaperEntry | null>(null);
  const [parseError, setParseError] = useState<unknown>(null);
  const params = { eventId, electionId: election.id };
  const save = useAction(async (paper: ElectionPaperEntry) => {
    setPending(null);
    await call(electionRoutes.setElectionPaper, { params, body: { paper } });
    onChanged();
  });
  const clear = useAction(async () => {
    await call(electionRoutes.clearElectionPaper, { params });
    onChanged();
  });
  const entry = election.paper?.entry;
  const result = election.result;
  const online = {
    count: (result?.ballots.total.count ?? 0) - (result?.paper?.total.count ?? 0),
    weight: (result?.ballots.total.weight ?? 0) - (result?.paper?.total.weight ?? 0),
  };
  const paperVoters = (paper: ElectionPaperEntry): Total =>
    paper.kind === "ballots"
      ? paper.ballots.reduce((sum, ballot) => ({ count: sum.count + 1, weight: sum.weight + ballot.weight }), paper.invalid ?? none)
      : paper.voters;
  const paper = pending && paperVoters(pending);
  return (
    <section class="stack paper-votes" aria-label={text("electionPaper.title", { title: election.title })}>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget as HTMLFormElement);
          setParseError(null);
          try {
            setPending(
              ranked
                ? {
                    kind: "ballots",
                    ballots: parseBallots(definition, String(data.get("ballots") ?? "")),
                    invalid: totalOf(data, "invalid"),
                  }
                : countsOf(definition, data),
            );
          } catch (error) {
            setParseError(error);
          }
        }}
      >
        <h4>{t("paper.counts")}</h4>
        <p class="muted">{ranked ? text("electionPaper.rankedHint") : text("electionPaper.countsHint")}</p>
        <p class="muted" data-testid="election-paper-entered">
          {election.paper ? text("electionPaper.entered", { at: formatTime(election.paper.enteredAt) }) : text("electionPaper.none")}
        </p>
        {ranked ? (
          <>
            <p class="muted">
              {text("electionPaper.candidateNumbers", { list: definition.candidates.map((c, i) => `${i + 1} ${c.name}`).join(", ") })}
            </p>
            <label>
              {text("electionPaper.ballots")}
              <textarea name="ballots" rows={6} defaultValue={ballotLines(definition, election)} />
            </label>
            <div class="paper-counts">
              <TotalFields name="invalid" label={text("electionPaper.invalid")} value={entry?.invalid} />
            </div>
          </>
        ) : (
          <div class="paper-counts">
            <TotalFields name="voters" label={text("electionPaper.voters")} value={entry?.kind === "ballots" ? undefined : entry?.voters} />
            <CountsFields definition={definition} entry={entry} />
            {definition.allowAbstain && (
              <TotalFields
                name="abstentions"
                label={text("electionPaper.abstain")}
                value={entry?.kind === "ballots" ? undefined : entry?.abstentions}
              />
            )}
            <TotalFields name="invalid" label={text("electionPaper.invalid")} value={entry?.invalid} />
          </div>
        )}
        <div class="actions">
          <button type="submit" class="primary" disabled={save.busy}>
            {text("electionPaper.save")}
          </button>
          {election.paper && (
            <button type="button" class="danger" disabled={clear.busy} onClick={() => void clear.run()}>
              {text("electionPaper.clear")}
            </button>
          )}
        </div>
        <ErrorText error={parseError ?? save.error ?? clear.error} />
      </form>
      <ConfirmDialog
        open={pending !== null}
        title={text("electionPaper.confirmTitle")}
        confirmLabel={text("electionPaper.confirm")}
        cancelLabel={t("cancel")}
        onConfirm={() => pending && void save.run(pending)}
        onCancel={() => setPending(null)}
      >
        {paper && (
          <p data-testid="election-paper-summary">{text("electionPaper.summary", sumOfParts(online, paper, election.eligibleCount))}</p>
        )}
      </ConfirmDialog>
    </section>
  );
}
