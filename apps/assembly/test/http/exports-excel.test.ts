import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/csv/parse.ts";
import { type Backend, eventWithParticipants, expectError, Harness } from "./harness.ts";

describe.each<Backend>(["sqlite", "postgres"])("CSV exports for German Excel on %s", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({}, backend);
  });
  afterAll(() => h?.close());

  it("writes a German event's files with semicolons, a BOM, Berlin times with their offset and German words; ?separator= overrides", async () => {
    const f = await eventWithParticipants(h, ["Jörg", "Wim"]);
    const template = (await h.call("GET", `/api/events/${f.eventId}/mail/template`, f.owner)).json.template;
    const german = await h.call("PUT", `/api/events/${f.eventId}/mail/template`, {
      ...f.owner,
      body: { ...template, defaultLanguage: "de" },
    });
    expect(german.status, german.text).toBe(200);
    const checkedInAt = Date.now();
    expect((await h.call("POST", "/api/participant/presence", { bearer: f.tokens[0]! })).status).toBe(200);
    const pollId: string = (
      await h.call("POST", `/api/events/${f.eventId}/polls`, {
        ...f.owner,
        body: { agendaItemId: f.agendaItemId, title: "Satzung", kind: "yes_no_abstain" },
      })
    ).json.poll.id;
    await h.call("POST", `/api/events/${f.eventId}/polls/${pollId}/open`, f.owner);
    await h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
      bearer: f.tokens[0]!,
      body: { ballotId: "joerg-ballot-0123456789", choice: { kind: "options", optionIds: ["yes"] } },
    });
    await h.call("POST", `/api/events/${f.eventId}/polls/${pollId}/close`, f.owner);

    const attendance = await h.call("GET", `/api/events/${f.eventId}/exports/attendance.csv`, f.owner);
    expect(attendance.status, attendance.text).toBe(200);
    expect(attendance.text.startsWith("\uFEFFname;email;group;region;present;first_check_in;")).toBe(true);
    const [, joerg, wim] = parseCsv(attendance.text, { separator: ";" }).records.map((record) => record.fields);
    expect([joerg![0], joerg![4], wim![4], wim![5]]).toEqual(["Jörg", "ja", "nein", ""]);
    // Berlin's wall clock with its offset (+01:00 or +02:00 by the season), one instant: the check-in's.
    expect(joerg![5]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00$/);
    expect(Math.abs(new Date(joerg![5]!).getTime() - checkedInAt)).toBeLessThan(60_000);

    const results = await h.call("GET", `/api/events/${f.eventId}/exports/results.csv`, f.owner);
    const [header, yes, no] = parseCsv(results.text, { separator: ";" }).records.map((record) => record.fields);
    const at = (row: readonly string[] | undefined, name: string) => row![header!.indexOf(name)];
    expect([at(yes, "option"), at(no, "option"), at(yes, "outcome"), at(yes, "verdict"), at(yes, "percent_of_base")]).toEqual([
      "Ja",
      "Nein",
      "angenommen",
      "angenommen",
      "100",
    ]);

    const comma = await h.call("GET", `/api/events/${f.eventId}/exports/results.csv?separator=comma`, f.owner);
    expect(comma.text.startsWith("\uFEFFpoll_id,poll,kind,")).toBe(true);
    expect(parseCsv(comma.text, { separator: "," }).records[1]!.fields[6]).toBe("Ja");

    expectError(await h.call("GET", `/api/events/${f.eventId}/exports/results.csv?separator=tab`, f.owner), 400, "invalid");
  });

  it("keeps an English event's files as they were, and gives it semicolons when asked", async () => {
    const f = await eventWithParticipants(h, ["Ann"]);
    const plain = await h.call("GET", `/api/events/${f.eventId}/exports/attendance.csv`, f.owner);
    expect(parseCsv(plain.text, { separator: "," }).records[1]!.fields.slice(0, 5)).toEqual(["Ann", "ann@example.org", "", "", "no"]);
    const excel = await h.call("GET", `/api/events/${f.eventId}/exports/attendance.csv?separator=semicolon`, f.owner);
    expect(excel.text.startsWith("\uFEFFname;email;")).toBe(true);
  });
});
