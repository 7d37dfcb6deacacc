import type { ElectionResult } from "../domain/election/count.ts";
import type { Election } from "../domain/election/election.ts";
import type { ElectionBallots } from "../store/store.ts";
import type { CsvFormat } from "./csv-format.ts";
import { spreadsheetCsv } from "./spreadsheet-safe.ts";

const header = ["section", "key", "candidate_id", "candidate", "value", "detail"];

/** Per candidate, what the method counted for them. */
function candidateRows(result: ElectionResult, name: (id: string) => string, format: CsvFormat): string[][] {
  // Counts are numbers (STV's with decimals), flags yes/no; `cell` is a value already in words.
  const cell = (id: string, metric: string, value: string) => ["candidate", metric, id, name(id), value, ""];
  const row = (id: string, metric: string, value: string | number | boolean) =>
    cell(id, metric, typeof value === "boolean" ? format.yesNo(value) : format.number(value));
  switch (result.method) {
    case "yes_no_abstain":
      return result.candidates.flatMap((c) => [
        row(c.candidateId, "yes", c.yes),
        row(c.candidateId, "no", c.no),
        row(c.candidateId, "abstain", c.abstain),
        row(c.candidateId, "qualified", c.qualified),
      ]);
    case "approval":
      return result.candidates.flatMap((c) => [row(c.candidateId, "approvals", c.approvals), row(c.candidateId, "qualified", c.qualified)]);
    case "cumulative":
      return result.candidates.map((c) => row(c.candidateId, "votes", c.votes));
    case "single_choice":
      return result.candidates.flatMap((c) => [row(c.candidateId, "votes", c.votes), row(c.candidateId, "qualified", c.qualified)]);
    case "stv":
      return result.candidates.flatMap((c) => [
        row(c.candidateId, "first_preferences", c.firstPreferences),
        row(c.candidateId, "final_votes", c.finalVotes),
        cell(c.candidateId, "state", format.text(`stv.${c.state}`)),
      ]);
    case "schulze":
      return [];
  }
}

/** STV's stages and Schulze's matrices: the counts a recount is checked against. */
function countRows(result: ElectionResult, name: (id: string) => string, format: CsvFormat): string[][] {
  const { number, text } = format;
  if (result.method === "stv") {
    return [
      ["stv_quota", "", "", "", number(result.quota), ""],
      ...result.stages.flatMap((stage) => [
        [
          "stv_stage",
          String(stage.stage),
          "",
          "",
          number(stage.surplus ?? ""),
          text(`stv.${stage.action}`, { from: stage.from.join(" ") }),
        ],
        ...stage.standings.map((s) => {
          const received = stage.transfers.find((t) => t.candidateId === s.candidateId)?.votes ?? "0.00000";
          const detail = text("stv.received", { state: text(`stv.${s.state}`), votes: number(received) });
          return ["stv_stage", String(stage.stage), s.candidateId, name(s.candidateId), number(s.votes), detail];
        }),
        ["stv_stage", String(stage.stage), "", "", number(stage.nonTransferable), text("stv.non_transferable")],
        ["stv_stage", String(stage.stage), "", "", number(stage.lostToRounding), text("stv.lost_to_rounding")],
      ]),
    ];
  }
  if (result.method === "schulze") {
    const ids = result.candidateIds;
    return ids.flatMap((row, i) =>
      ids.flatMap((column, j) => [
        ["schulze_pairwise", column, row, name(row), String(result.pairwise[i]?.[j] ?? 0), text("schulze.over", { row, column })],
        [
          "schulze_strongest_path",
          column,
          row,
          name(row),
          String(result.strongestPaths[i]?.[j] ?? 0),
          text("schulze.over", { row, column }),
        ],
      ]),
    );
  }
  return [];
}

/**
 * The paper part, marked as such: when and by whom it was entered, its share
 * of the ballot counts, per candidate what the tellers counted, and the entry
 * itself as the JSON the count reads (with the ballots below, the count can
 * be redone from this file).
 */
function paperRows(election: Election, name: (id: string) => string, format: CsvFormat): string[][] {
  const { number, text } = format;
  const paper = election.paper;
  if (paper === null) return [];
  const { entry } = paper;
  const rows: string[][] = [["paper", "entered", "", "", format.time(paper.enteredAt), paper.enteredBy]];
  const share = election.result?.paper;
  if (share !== undefined) {
    for (const [kind, wc] of Object.entries({ total: share.total, valid: share.valid, invalid: share.invalid, abstain: share.abstain })) {
      rows.push(["paper_ballots", kind, "", "", number(wc.count), text("weight", { weight: number(wc.weight) })]);
    }
  }
  const row = (id: string, metric: string, total: { count: number; weight: number }) => [
    "paper_candidate",
    metric,
    id,
    name(id),
    number(total.count),
    text("weight", { weight: number(total.weight) }),
  ];
  switch (entry.kind) {
    case "yes_no_abstain":
      rows.push(...entry.candidates.flatMap((c) => [row(c.candidateId, "yes", c.yes), row(c.candidateId, "no", c.no)]));
      break;
    case "approval":
      rows.push([
        "paper_ballots",
        "no_to_all",
        "",
        "",
        number(entry.noToAll.count),
        text("weight", { weight: number(entry.noToAll.weight) }),
      ]);
      rows.push(...entry.candidates.map((c) => row(c.candidateId, "approvals", c.approvals)));
      break;
    case "cumulative":
    case "single_choice":
      rows.push(...entry.candidates.map((c) => row(c.candidateId, "votes", c.votes)));
      break;
    case "ballots":
      entry.ballots.forEach((ballot, index) => {
        rows.push(["paper_ballot", String(index + 1), "", "", number(ballot.weight), JSON.stringify({ choice: ballot.choice })]);
      });
      break;
  }
  rows.push(["paper", "entry", "", "", entry.kind, JSON.stringify(entry)]);
  return rows;
}

/**
 * An election for the minutes: the ballot counts, the elected in order, every
 * candidate's totals, STV's stages or Schulze's matrices, then the ballots
 * themselves (per voter when named, grouped by content when secret) as the
 * JSON the count reads, and the paper part, so the count can be redone from
 * this file alone. `section` and `key` are keys for scripts; values and
 * details are in the export's language, decimals with its mark (see `csvFormat`).
 */
export function electionCsv(election: Election, ballots: ElectionBallots, format: CsvFormat): string {
  const { number, text } = format;
  const result = election.result;
  const names = new Map(election.candidates.map((candidate) => [candidate.id, candidate.name]));
  const name = (id: string) => names.get(id) ?? "";
  const rows: string[][] = [
    [
      "election",
      "title",
      "",
      "",
      election.title,
      `${text(`method.${election.setup.method.kind}`)}; ${text(election.secret ? "secret" : "named")}`,
    ],
  ];
  if (election.lotSeed !== null) rows.push(["election", "lot_seed", "", "", election.lotSeed, ""]);
  if (result !== null) {
    rows.push(["election", "status", "", "", text(`result.${result.status}`), ""]);
    for (const [kind, wc] of Object.entries({
      total: result.ballots.total,
      valid: result.ballots.valid,
      invalid: result.ballots.invalid,
      abstain: result.ballots.abstain,
    })) {
      rows.push(["ballots", kind, "", "", number(wc.count), text("weight", { weight: number(wc.weight) })]);
    }
    rows.push(["ballots", "base", "", "", number(result.ballots.base), ""]);
    for (const seat of result.elected) {
      rows.push(["elected", String(seat.position), seat.candidateId, name(seat.candidateId), seat.reserved ? text("reserved") : "", ""]);
    }
    rows.push(...candidateRows(result, name, format), ...countRows(result, name, format));
  }
  rows.push(...paperRows(election, name, format));
  if (ballots.kind === "named") {
    for (const entry of ballots.ballots) {
      const { weight, ...content } = entry.ballot;
      rows.push(["ballot", entry.name, entry.participantId, "", number(weight), JSON.stringify(content)]);
    }
  } else {
    for (const { ballots: count, weight, ...content } of ballots.groups) {
      rows.push(["ballot_group", String(count), "", "", number(weight), JSON.stringify(content)]);
    }
  }
  return spreadsheetCsv(header, rows, format);
}
