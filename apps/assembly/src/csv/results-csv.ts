import { noVotes } from "../domain/analog-counts.ts";
import type { Total, TallyPart } from "../domain/tally.ts";
import type { PollResult } from "../store/store.ts";
import { spreadsheetCsv } from "./spreadsheet-safe.ts";

/**
 * Results for the minutes: one row per poll option plus one for abstentions
 * (and one for invalid paper ballots when there were any), each repeating the
 * poll's outcome and turnout so any row stands alone in a filtered
 * spreadsheet. `count` and `weight` are the total; when paper ballots were
 * entered, the online and paper columns say how it splits (empty otherwise). Every cell is defused (`spreadsheetCsv`): option ids
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
    // Last, so the columns before keep their places for existing readers.
    "online_count",
    "online_weight",
    "paper_count",
    "paper_weight",
  ];
  const rows: string[][] = [];
  for (const { poll, tally } of results) {
    const split = (pick: (part: TallyPart) => Total | undefined): string[] => {
      if (tally.parts === null) return ["", "", "", ""];
      const online = pick(tally.parts.online) ?? noVotes;
      const paper = pick(tally.parts.paper) ?? noVotes;
      return [online.count, online.weight, paper.count, paper.weight].map(String);
    };
    const shared = (optionId: string, label: string, count: number, weight: number, parts: readonly string[], winner: boolean) => [
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
      ...parts,
    ];
    for (const option of tally.options) {
      const parts = split((part) => part.options.find((entry) => entry.optionId === option.optionId));
      rows.push(shared(option.optionId, option.label, option.count, option.weight, parts, tally.winners.includes(option.optionId)));
    }
    rows.push(
      shared(
        "",
        "(abstain)",
        tally.abstentions.count,
        tally.abstentions.weight,
        split((part) => part.abstentions),
        false,
      ),
    );
    if (tally.invalid.count > 0) {
      rows.push(
        shared(
          "",
          "(invalid)",
          tally.invalid.count,
          tally.invalid.weight,
          split((part) => part.invalid),
          false,
        ),
      );
    }
  }
  return spreadsheetCsv(header, rows);
}
