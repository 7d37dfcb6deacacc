import { t } from "../i18n.ts";
import type { ElectionDefinition, ElectionResult } from "../model.ts";

type Props = { result: ElectionResult; definition: ElectionDefinition };

/** Per candidate, the columns the method counted. */
function totals(result: ElectionResult): { headers: string[]; rows: Map<string, string[]> } {
  switch (result.method) {
    case "yes_no_abstain":
      return {
        headers: [t("election.yes"), t("election.no"), t("election.abstain")],
        rows: new Map(result.candidates.map((c) => [c.candidateId, [c.yes, c.no, c.abstain].map(String)])),
      };
    case "approval":
      return { headers: [t("election.approvals")], rows: new Map(result.candidates.map((c) => [c.candidateId, [String(c.approvals)]])) };
    case "cumulative":
    case "single_choice":
      return { headers: [t("election.votes")], rows: new Map(result.candidates.map((c) => [c.candidateId, [String(c.votes)]])) };
    case "stv":
      return {
        headers: [t("election.firstPreferences"), t("election.finalVotes")],
        rows: new Map(result.candidates.map((c) => [c.candidateId, [c.firstPreferences, c.finalVotes]])),
      };
    case "schulze":
      return { headers: [], rows: new Map() };
  }
}

/** An election's result: the elected in order, the ballot counts, every candidate's totals, STV's stages, Schulze's matrix. */
export function ElectionResultView({ result, definition }: Props) {
  const names = new Map(definition.candidates.map((candidate) => [candidate.id, candidate.name]));
  const name = (id: string) => names.get(id) ?? id;
  const { headers, rows } = totals(result);
  const { total, valid, invalid, abstain } = result.ballots;
  return (
    <div class="election-result" data-testid="election-result">
      <h4>{t("election.elected")}</h4>
      {result.elected.length === 0 ? (
        <p>{t("election.noneElected")}</p>
      ) : (
        <ol class="elected">
          {result.elected.map((seat) => (
            <li key={seat.position} value={seat.position}>
              {name(seat.candidateId)}
            </li>
          ))}
        </ol>
      )}
      {result.status === "runoff_required" && <p class="notice">{t("election.runoffRequired")}</p>}
      {result.status === "tie_pending" && <p class="notice">{t("election.tiePending")}</p>}
      <p class="muted">
        {t("election.ballots", { total: total.weight, valid: valid.weight, invalid: invalid.weight, abstain: abstain.weight })}
      </p>
      {result.paper && (
        <p class="muted" data-testid="election-paper">
          {t("election.paper", { count: result.paper.total.count, weight: result.paper.total.weight })}
        </p>
      )}
      {headers.length > 0 && (
        <table class="election-totals">
          <thead>
            <tr>
              <th scope="col">{t("election.candidate")}</th>
              {headers.map((header) => (
                <th key={header} scope="col">
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...rows].map(([id, cells]) => (
              <tr key={id}>
                <th scope="row">{name(id)}</th>
                {cells.map((cell, i) => (
                  <td key={headers[i]}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.method === "stv" && (
        <details>
          <summary>{t("election.quota", { quota: result.quota })}</summary>
          {result.stages.map((stage) => (
            <section key={stage.stage} class="stv-stage">
              <h5>
                {t("election.stage", {
                  stage: stage.stage,
                  action: t(`election.stageAction.${stage.action}`, { from: stage.from.map(name).join(", ") }),
                })}
              </h5>
              <ul>
                {stage.standings.map((standing) => (
                  <li key={standing.candidateId}>
                    {name(standing.candidateId)}: {standing.votes} ({standing.state})
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </details>
      )}
      {result.method === "schulze" && (
        <table class="election-totals">
          <caption>{t("election.pairwise")}</caption>
          <thead>
            <tr>
              <th scope="col" />
              {result.candidateIds.map((id) => (
                <th key={id} scope="col">
                  {name(id)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.candidateIds.map((id, i) => (
              <tr key={id}>
                <th scope="row">{name(id)}</th>
                {result.pairwise[i]?.map((cell, j) => (
                  <td key={result.candidateIds[j]}>{i === j ? "—" : cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
