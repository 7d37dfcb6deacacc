import { describe, expect, it } from "vitest";
import { csvFormat } from "../../src/csv/csv-format.ts";
import { parseCsv } from "../../src/csv/parse.ts";
import { resultsCsv } from "../../src/csv/results-csv.ts";
import { validateNewPoll, type Poll } from "../../src/domain/poll.ts";
import { paperTotals, tallyWithPaper } from "../../src/domain/paper-votes.ts";
import { sumBallots, tally } from "../../src/domain/tally.ts";

const english = csvFormat("en", "UTC");

function closedPoll(options: { id?: string; label: string }[], title = "Motion"): Poll {
  const definition = validateNewPoll({ agendaItemId: "item", title, kind: "single_choice", options });
  return {
    ...definition,
    id: "poll-1",
    eventId: "event-1",
    status: "closed",
    eligibleCount: 3,
    eligibleWeight: 3,
    createdAt: "2026-05-28T14:00:00.000Z",
    openedAt: "2026-05-28T14:01:00.000Z",
    closedAt: "2026-05-28T14:05:00.000Z",
    publishedAt: null,
  };
}

function cells(poll: Poll): string[][] {
  const result = tally(poll, [{ choice: { kind: "options", optionIds: [poll.options[0]!.id] }, weight: 2 }]);
  return parseCsv(resultsCsv([{ poll, tally: result }], english)).records.map((record) => [...record.fields]);
}

describe("resultsCsv", () => {
  it("defuses option ids the chairs chose, like every other cell", () => {
    // The domain accepts ids starting with "-", which a spreadsheet reads as a formula (-A1 is a cell reference).
    const poll = closedPoll([
      { id: "-A1", label: '=HYPERLINK("http://evil.example","click")' },
      { id: "plain", label: "Plain" },
    ]);
    const [header, first, second] = cells(poll);
    const at = (name: string) => header!.indexOf(name);
    expect(first![at("option_id")]).toBe("'-A1");
    expect(first![at("option")]).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(second![at("option_id")]).toBe("plain");
  });

  it("defuses every cell, whatever reaches the exporter", () => {
    // Stored rows are not re-validated on export: an id that bypassed the domain must still not run.
    const poll = { ...closedPoll([{ label: "A" }, { label: "B" }], "+Budget"), id: "@poll" };
    const hostile = { ...poll, options: [{ id: '=HYPERLINK("http://evil.example")', label: "A" }, poll.options[1]!] };
    for (const row of cells(hostile).slice(1)) {
      for (const cell of row) expect(cell, `cell ${JSON.stringify(cell)}`).not.toMatch(/^[=+\-@\t\r]/);
    }
    expect(cells(hostile)[1]!.slice(0, 6)).toEqual([
      "'@poll",
      "'+Budget",
      "single_choice",
      "no",
      "closed",
      '\'=HYPERLINK("http://evil.example")',
    ]);
  });

  it("states the rule, its base, the required and reached weight and the verdict on every row", () => {
    const poll = { ...closedPoll([{ label: "A" }, { label: "B" }]), majority: { kind: "absolute" } as const };
    const [header, first, , abstained] = cells(poll);
    const at = (name: string) => header!.indexOf(name);
    expect(first![at("rule")]).toBe("absolute");
    expect(first![at("base_kind")]).toBe("eligible");
    expect(first![at("base_weight")]).toBe("3");
    expect(first![at("required_weight")]).toBe("2");
    expect(first![at("actual_weight")]).toBe("2");
    expect(first![at("percent_of_base")]).toBe("66.7");
    expect(first![at("verdict")]).toBe("passed");
    expect(first![at("weighted")]).toBe("yes");
    expect(abstained![at("percent_of_base")]).toBe("0");
  });

  it("splits every total into its online and paper part when paper ballots were entered", () => {
    const poll = {
      ...closedPoll([
        { id: "a", label: "A" },
        { id: "b", label: "B" },
      ]),
      eligibleCount: 10,
      eligibleWeight: 10,
    };
    const online = sumBallots(poll, [{ choice: { kind: "options", optionIds: ["a"] }, weight: 2 }]);
    const paper = paperTotals(poll, {
      counts: {
        voters: { count: 3, weight: 3 },
        choices: [
          { choice: "a", count: 1, weight: 1 },
          { choice: "b", count: 1, weight: 1 },
        ],
        abstentions: { count: 0, weight: 0 },
        invalid: { count: 1, weight: 1 },
      },
      ballots: [],
      namedVoters: { count: 0, weight: 0 },
    });
    const [header, ...rows] = parseCsv(resultsCsv([{ poll, tally: tallyWithPaper(poll, online, paper) }], english)).records.map(
      (record) => [...record.fields],
    );
    const columns = ["option", "count", "weight", "online_count", "online_weight", "paper_count", "paper_weight", "turnout_count"];
    expect(rows.map((row) => columns.map((name) => row[header!.indexOf(name)]))).toEqual([
      ["A", "2", "3", "1", "2", "1", "1", "4"],
      ["B", "1", "1", "0", "0", "1", "1", "4"],
      ["(abstain)", "0", "0", "0", "0", "0", "0", "4"],
      ["(invalid)", "1", "1", "0", "0", "1", "1", "4"],
    ]);
    expect(cells(closedPoll([{ label: "A" }, { label: "B" }]))[1]![header!.indexOf("paper_count")]).toBe("");
  });

  it("writes a German event's file for German Excel: semicolons, decimal commas, German words", () => {
    const definition = validateNewPoll({ agendaItemId: "item", title: "Satzung; §3", kind: "yes_no_abstain" });
    const poll: Poll = {
      ...closedPoll([{ label: "A" }, { label: "B" }]),
      ...definition,
      id: "poll-1",
      status: "closed",
      eligibleCount: 3,
      eligibleWeight: 3,
    };
    const result = tally(poll, [
      { choice: { kind: "options", optionIds: ["yes"] }, weight: 2 },
      { choice: { kind: "options", optionIds: ["no"] }, weight: 1 },
    ]);
    const text = resultsCsv([{ poll, tally: result }], csvFormat("de", "Europe/Berlin"));
    expect(text.startsWith("\uFEFFpoll_id;poll;kind;")).toBe(true);
    const [header, yes, no, abstain] = parseCsv(text, { separator: ";" }).records.map((record) => [...record.fields]);
    const columns = ["poll", "kind", "secret", "status", "option", "outcome", "verdict", "winner", "rule", "percent_of_base"];
    const pick = (row: string[] | undefined) => columns.map((name) => row![header!.indexOf(name)]);
    expect(pick(yes)).toEqual([
      "Satzung; §3",
      "Ja/Nein/Enthaltung",
      "nein",
      "geschlossen",
      "Ja",
      "angenommen",
      "angenommen",
      "ja",
      "einfache Mehrheit",
      "66,7",
    ]);
    expect(pick(no)?.slice(4, 5)).toEqual(["Nein"]);
    expect(pick(abstain)?.[4]).toBe("(Enthaltung)");
    // Both separators are quoted in either file (see serializeCsv); Excel still reads a quoted "66,7" as a number.
    expect(text).toContain(';"66,7";');
    expect(text).toContain('"Satzung; §3"');
  });
});
