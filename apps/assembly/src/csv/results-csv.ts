import type { PollResult } from "../store/store.ts";
import { spreadsheetCsv } from "./spreadsheet-safe.ts";

/**
 * Results for the minutes: one row per poll option plus one for abstentions,
 * each repeating the poll's outcome and turnout so any row stands alone in a
 * filtered spreadsheet. Every cell is defused (`spreadsheetCsv`): option ids
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
  ];
  const rows: string[][] = [];
  for (const { poll, tally } of results) {
    const shared = (optionId: string, label: string, count: number, weight: number, winner: boolean) => [
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
    ];
    for (const option of tally.options) {
      rows.push(shared(option.optionId, option.label, option.count, option.weight, tally.winners.includes(option.optionId)));
    }
    rows.push(shared("", "(abstain)", tally.abstentions.count, tally.abstentions.weight, false));
  }
  return spreadsheetCsv(header, rows);
}
