import type { MajorityRule } from "../domain/poll.ts";
import type { PollResult } from "../store/store.ts";
import { spreadsheetCsv } from "./spreadsheet-safe.ts";

/** A majority rule as one cell: its kind, a threshold with its fraction (`threshold 3/4`). */
function ruleCell(rule: MajorityRule): string {
  return rule.kind === "threshold" ? `threshold ${rule.numerator}/${rule.denominator}` : rule.kind;
}

/**
 * Results for the minutes: one row per poll option plus one for abstentions,
 * each repeating the poll's outcome, turnout and explanation (rule, base,
 * required and reached weight, quorum line, verdict; see `explainResult`) so
 * any row stands alone in a filtered spreadsheet. Percentages are of the
 * rule's base. Every cell is defused (`spreadsheetCsv`): option ids
 * are chosen by the chairs too.
 */
export function resultsCsv(results: readonly PollResult[]): string {
  const header = [
    "poll_id",
    "poll",
    "kind",
    "secret",
    "status",
    "option_id",
    "option",
    "count",
    "weight",
    "turnout_count",
    "turnout_weight",
    "eligible_count",
    "eligible_weight",
    "quorum_met",
    "outcome",
    "winner",
    "rule",
    "abstentions_count",
    "base_kind",
    "base_weight",
    "required_weight",
    "actual_weight",
    "quorum_required_weight",
    "verdict",
    "tied",
    "weighted",
    "percent_of_base",
  ];
  const rows: string[][] = [];
  for (const { poll, tally } of results) {
    const explained = tally.explanation;
    const shared = (optionId: string, label: string, count: number, weight: number, percent: number | null, winner: boolean) => [
      poll.id,
      poll.title,
      poll.kind,
      poll.secret ? "yes" : "no",
      poll.status,
      optionId,
      label,
      String(count),
      String(weight),
      String(tally.turnout.count),
      String(tally.turnout.weight),
      String(tally.eligible.count ?? ""),
      String(tally.eligible.weight ?? ""),
      tally.quorum.met ? "yes" : "no",
      tally.outcome,
      winner ? "yes" : "no",
      ruleCell(explained.rule),
      explained.abstentionsCount ? "yes" : "no",
      explained.base.kind,
      String(explained.base.value),
      String(explained.required ?? ""),
      String(explained.actual.value),
      String(explained.quorum?.required ?? ""),
      explained.verdict,
      explained.tied.join(" "),
      explained.weighted ? "yes" : "no",
      percent === null ? "" : String(percent),
    ];
    tally.options.forEach((option, index) => {
      const percent = explained.shares[index]?.percent ?? null;
      rows.push(shared(option.optionId, option.label, option.count, option.weight, percent, tally.winners.includes(option.optionId)));
    });
    const { abstentions } = explained;
    rows.push(shared("", "(abstain)", abstentions.count, abstentions.weight, abstentions.percent, false));
  }
  return spreadsheetCsv(header, rows);
}
