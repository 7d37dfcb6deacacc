import { noVotes } from "../domain/analog-counts.ts";
import type { MajorityRule } from "../domain/poll.ts";
import type { TallyPart, Total } from "../domain/tally.ts";
import type { PollResult } from "../store/store.ts";
import type { CsvFormat } from "./csv-format.ts";
import { spreadsheetCsv } from "./spreadsheet-safe.ts";

/** A majority rule as one cell: its kind, a threshold with its fraction (`threshold 3/4`). */
function ruleCell(rule: MajorityRule, format: CsvFormat): string {
  return rule.kind === "threshold"
    ? format.text("rule.threshold", { numerator: rule.numerator, denominator: rule.denominator })
    : format.text(`rule.${rule.kind}`);
}

/** The fixed options of a yes/no vote read in the export's language; chairs' own labels stay as written. */
function optionLabel(poll: PollResult["poll"], optionId: string, label: string, format: CsvFormat): string {
  if (poll.kind !== "yes_no_abstain") return label;
  return optionId === "yes" ? format.text("option.yes") : optionId === "no" ? format.text("option.no") : label;
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
 * (`spreadsheetCsv`): option ids are chosen by the chairs too. Words and
 * decimals follow `format` (see `csvFormat`).
 */
export function resultsCsv(results: readonly PollResult[], format: CsvFormat): string {
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
      return [online.count, online.weight, paper.count, paper.weight].map(format.number);
    };
    const { number, yesNo } = format;
    const row = (optionId: string, label: string, total: Total, percent: number | null, winner: boolean, parts: readonly string[]) => [
      poll.id,
      poll.title,
      format.text(`kind.${poll.kind}`),
      yesNo(poll.secret),
      format.text(`status.${poll.status}`),
      optionId,
      label,
      number(total.count),
      number(total.weight),
      number(tally.turnout.count),
      number(tally.turnout.weight),
      number(tally.eligible.count ?? ""),
      number(tally.eligible.weight ?? ""),
      yesNo(tally.quorum.met),
      format.text(`outcome.${tally.outcome}`),
      yesNo(winner),
      ruleCell(explained.rule, format),
      yesNo(explained.abstentionsCount),
      format.text(`base.${explained.base.kind}`),
      number(explained.base.value),
      number(explained.required ?? ""),
      number(explained.actual.value),
      number(explained.quorum?.required ?? ""),
      format.text(`verdict.${explained.verdict}`),
      explained.tied.join(" "),
      yesNo(explained.weighted),
      percent === null ? "" : number(percent),
      ...parts,
      yesNo(poll.allowSplit),
    ];
    tally.options.forEach((option, index) => {
      const parts = split((part) => part.options.find((entry) => entry.optionId === option.optionId));
      const percent = explained.shares[index]?.percent ?? null;
      rows.push(
        row(
          option.optionId,
          optionLabel(poll, option.optionId, option.label, format),
          option,
          percent,
          tally.winners.includes(option.optionId),
          parts,
        ),
      );
    });
    const { abstentions } = explained;
    rows.push(
      row(
        "",
        format.text("option.abstain"),
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
          format.text("option.invalid"),
          tally.invalid,
          null,
          false,
          split((part) => part.invalid),
        ),
      );
  }
  return spreadsheetCsv(header, rows, format);
}
