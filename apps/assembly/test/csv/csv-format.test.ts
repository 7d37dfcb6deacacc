import { describe, expect, it } from "vitest";
import { attendanceCsv } from "../../src/csv/attendance-csv.ts";
import { csvFormat } from "../../src/csv/csv-format.ts";
import { speakingTimeCsv } from "../../src/csv/speaking-time-csv.ts";
import { parseCsv } from "../../src/csv/parse.ts";

const checkedIn = {
  participantId: "p1",
  name: "Jörg",
  email: "joerg@example.org",
  group: null,
  region: null,
  present: true,
  firstCheckInAt: "2026-05-28T07:58:12.345Z",
  lastCheckInAt: "2026-10-25T01:30:00.000Z",
  lastCheckOutAt: null,
  lastCheckInBy: "member",
  lastCheckOutBy: null,
};

describe("csvFormat", () => {
  it("takes the separator from the language unless one is asked for; `;` goes with decimal commas", () => {
    expect(csvFormat("de", "UTC").separator).toBe(";");
    expect(csvFormat("en", "UTC").separator).toBe(",");
    expect(csvFormat("en", "UTC", "semicolon").separator).toBe(";");
    expect(csvFormat("de", "UTC", "comma").separator).toBe(",");
    expect(csvFormat("de", "UTC").number("12.5")).toBe("12,5");
    expect(csvFormat("de", "UTC", "comma").number(12.5)).toBe("12.5");
    expect(csvFormat("en", "UTC", "semicolon").number(0.25)).toBe("0,25");
    expect(csvFormat("de", "UTC").number(7)).toBe("7");
  });

  it("writes words in the event's language", () => {
    expect([csvFormat("de", "UTC").yesNo(true), csvFormat("de", "UTC").text("verdict.tie")]).toEqual(["ja", "Stimmengleichheit"]);
    expect([csvFormat("en", "UTC").yesNo(false), csvFormat("en", "UTC").text("rule.threshold", { numerator: 3, denominator: 4 })]).toEqual([
      "no",
      "threshold 3/4",
    ]);
  });
});

describe("attendanceCsv", () => {
  it("writes check-in times on the event's clock with their offset, in both halves of the repeated autumn hour", () => {
    const text = attendanceCsv([checkedIn], csvFormat("de", "Europe/Berlin"));
    const [header, row] = parseCsv(text, { separator: ";" }).records.map((record) => [...record.fields]);
    const at = (name: string) => row![header!.indexOf(name)];
    expect([at("present"), at("first_check_in"), at("last_check_in"), at("last_check_out")]).toEqual([
      "ja",
      "2026-05-28T09:58:12+02:00",
      "2026-10-25T02:30:00+01:00",
      "",
    ]);
    const utc = parseCsv(attendanceCsv([checkedIn], csvFormat("en", "UTC"))).records[1]!.fields;
    expect(utc.slice(4, 6)).toEqual(["yes", "2026-05-28T07:58:12+00:00"]);
  });
});

describe("speakingTimeCsv", () => {
  it("writes seconds with the decimal mark of the separator and the scopes in the event's language", () => {
    const report = {
      participants: [{ participantId: "p1", name: "Jörg", group: "Nord", speeches: 2, spokenMs: 90_450 }],
      groups: [{ group: "Nord", speakers: 1, speeches: 2, spokenMs: 90_450 }],
      speeches: 2,
      spokenMs: 90_450,
    };
    const rows = parseCsv(speakingTimeCsv(report, csvFormat("de", "UTC")), { separator: ";" }).records.map((record) => [...record.fields]);
    expect(rows.slice(1).map((row) => [row[0], row[5]])).toEqual([
      ["Redner*in", "90,5"],
      ["Gruppe", "90,5"],
      ["gesamt", "90,5"],
    ]);
    expect(parseCsv(speakingTimeCsv(report, csvFormat("en", "UTC"))).records[1]!.fields).toEqual([
      "speaker",
      "Jörg",
      "Nord",
      "1",
      "2",
      "90.5",
    ]);
  });
});
