import { noVotes } from "../domain/analog-counts.ts";
import type { MajorityRule } from "../domain/poll.ts";
import type { TallyPart, Total } from "../domain/tally.ts";
import type { PollResult } from "../store/store.ts";
import { spreadsheetCsv } from "./spreadsheet-safe.ts";

/** A majority rule as one cell: its kind, a threshold with its fraction (`threshold 3/4`). */
function ruleCell(rule: MajorityRule): string {
  return rule.kind === "threshold" ? `threshold ${rule.numerator}/${rule.denominator}` : rule.kind;
}

/**
 * Results for the minutes: one row per poll option plus one for abstentions
 * (and one for invalid paper ballots when there were any), each repeating the
 * poll's outcome, turnout and explanation (rule, base, required and reached
 * weight, quorum line, verdict; see `explainResult`) so any row stands alone
 * in a filtered spreadsheet. Percentages are of the rule's base. `count` and
 * `weight` are the total; when paper ballots were entered, the online and
 * paper columns say how it splits (empty otherwise). Where ballots could be
 * split (`split_allowed`), a split ballot is one in turnout and one in the
 * count of each option a part of it chose, with each part's weight: option
 * counts may then add up to more than turnout, weights never. Every cell is defused
 * (`spreadsheetCsv`): option ids are chosen by the chairs too.
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
    // Last, so the columns before keep their places for existing readers.
    "online_count",
    "online_weight",
    "paper_count",
    "paper_weight",
    "split_allowed",
  ];
  const rows: string[][] = [];
  for (const { poll, tally } of results) {
    const explained = tally.explanation;
    const split = (pick: (part: TallyPart) => Total | undefined): string[] => {
      if (tally.parts === null) return ["", "", "", ""];
      const online = pick(tally.parts.online) ?? noVotes;
      const paper = pick(tally.parts.paper) ?? noVotes;
      return [online.count, online.weight, paper.count, paper.weight].map(String);
    };
    const row = (optionId: string, label: string, total: Total, percent: number | null, winner: boolean, parts: readonly string[]) => [
      poll.id,
      poll.title,
      poll.kind,
      poll.secret ? "yes" : "no",
      poll.status,
      optionId,
      label,
      String(total.count),
      String(total.weight),
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
      ...parts,
      poll.allowSplit ? "yes" : "no",
    ];
    tally.options.forEach((option, index) => {
      const parts = split((part) => part.options.find((entry) => entry.optionId === option.optionId));
      const percent = explained.shares[index]?.percent ?? null;
      rows.push(row(option.optionId, option.label, option, percent, tally.winners.includes(option.optionId), parts));
    });
    const { abstentions } = explained;
    rows.push(
      row(
        "",
        "(abstain)",
        abstentions,
        abstentions.percent,
        false,
        split((part) => part.abstentions),
      ),
    );
    // Invalid ballots are in no base: they have no percentage.
    if (tally.invalid.count > 0)
      rows.push(
        row(
          "",
          "(invalid)",
          tally.invalid,
          null,
          false,
          split((part) => part.invalid),
        ),
      );
  }
  return spreadsheetCsv(header, rows);
}
