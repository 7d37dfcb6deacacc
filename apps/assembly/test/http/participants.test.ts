import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serializeCsv } from "../../src/csv/serialize.ts";
import { Harness, eventWithParticipants, expectError } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await Harness.start({ csvBodyLimit: 4 * 1024 * 1024 });
});
afterAll(async () => {
  await h.close();
});

describe("participants", () => {
  it("creates, reads, updates and lists with search, filters and paging", async () => {
    const f = await eventWithParticipants(h, ["Anna", "Bert", "Carla"]);
    const base = `/api/events/${f.eventId}/participants`;
    const added = await h.call("POST", base, {
      ...f.owner,
      body: { name: "Dieter", email: "DIETER@example.org", region: "Bayern", weight: 3 },
    });
    expect(added.json.participant).toMatchObject({ email: "dieter@example.org", region: "Bayern", weight: 3, eligible: true });
    const id: string = added.json.participant.id;
    const patched = await h.call("PATCH", `${base}/${id}`, { ...f.owner, body: { eligible: false, group: "Ortsverband Nord" } });
    expect(patched.json.participant).toMatchObject({ eligible: false, group: "Ortsverband Nord", weight: 3 });
    expect((await h.call("GET", `${base}/${id}`, f.owner)).json).toMatchObject({ participant: { id }, present: false, proxy: null });

    await h.call("POST", `${base}/${f.participantIds[1]}/presence`, f.owner);
    const present = await h.call("GET", base, { ...f.owner, query: { filter: "present" } });
    expect(present.json).toMatchObject({ total: 1, items: [{ name: "Bert", present: true }] });
    const absent = await h.call("GET", base, { ...f.owner, query: { filter: "absent" } });
    expect(absent.json.items.map((p: { name: string }) => p.name)).toEqual(["Anna", "Carla", "Dieter"]);
    const search = await h.call("GET", base, { ...f.owner, query: { search: "CARL" } });
    expect(search.json.items.map((p: { name: string }) => p.name)).toEqual(["Carla"]);
    const page = await h.call("GET", base, { ...f.owner, query: { offset: "1", limit: "2" } });
    expect(page.json).toMatchObject({ total: 4, offset: 1, limit: 2 });
    expect(page.json.items.map((p: { name: string }) => p.name)).toEqual(["Bert", "Carla"]);

    const poll = await h.call("POST", `/api/events/${f.eventId}/polls`, {
      ...f.owner,
      body: { agendaItemId: f.agendaItemId, title: "Q", kind: "yes_no_abstain" },
    });
    const pollId = poll.json.poll.id;
    await h.call("POST", `/api/events/${f.eventId}/polls/${pollId}/open`, f.owner);
    await h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
      bearer: f.tokens[0]!,
      body: { ballotId: "b-anna-0123456789abcdef", choice: { kind: "abstain" } },
    });
    const voted = await h.call("GET", base, { ...f.owner, query: { filter: "voted", pollId } });
    expect(voted.json.items.map((p: { name: string }) => p.name)).toEqual(["Anna"]);
    const notVoted = await h.call("GET", base, { ...f.owner, query: { filter: "not_voted", pollId } });
    // Dieter is not eligible: not_voted lists only those who still have a vote to cast.
    expect(notVoted.json.items.map((p: { name: string }) => p.name)).toEqual(["Bert", "Carla"]);
    const waiting = await h.call("GET", base, { ...f.owner, query: { filter: "present_not_voted", pollId } });
    expect(waiting.json).toMatchObject({ total: 1, items: [{ name: "Bert", present: true }] });
    expectError(await h.call("GET", base, { ...f.owner, query: { filter: "present_not_voted" } }), 400, "invalid");
    const other = await eventWithParticipants(h, ["Olaf"]);
    const foreignPoll = await h.call("POST", `/api/events/${other.eventId}/polls`, {
      ...other.owner,
      body: { agendaItemId: other.agendaItemId, title: "Q", kind: "yes_no_abstain" },
    });
    expectError(
      await h.call("GET", base, { ...f.owner, query: { filter: "present_not_voted", pollId: foreignPoll.json.poll.id } }),
      404,
      "not_found",
    );
  });

  it("checks participants in and out as admin, audited only when something changed", async () => {
    const f = await eventWithParticipants(h, ["Eva"]);
    const url = `/api/events/${f.eventId}/participants/${f.participantIds[0]}/presence`;
    expect((await h.call("POST", url, f.owner)).json).toEqual({ present: true, changed: true });
    expect((await h.call("POST", url, f.owner)).json).toEqual({ present: true, changed: false });
    expect((await h.call("DELETE", url, f.owner)).json).toEqual({ present: false, changed: true });
    const actions = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a.startsWith("attendance."))).toEqual(["attendance.check_in", "attendance.check_out"]);
  });

  it("refuses bad input, duplicates, wrong roles and other events' participants, changing nothing", async () => {
    const f = await eventWithParticipants(h, ["Fritz", "Gina"]);
    const other = await eventWithParticipants(h, ["Hans"]);
    const base = `/api/events/${f.eventId}/participants`;
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", "part-observer@example.org");
    const fritz = f.participantIds[0]!;
    expectError(await h.call("POST", base, { ...f.owner, body: { name: "Dup", email: "FRITZ@example.org" } }), 409, "conflict");
    expectError(await h.call("POST", base, { ...f.owner, body: { name: "X", email: "not-an-email" } }), 400, "invalid");
    expectError(await h.call("POST", base, { ...f.owner, body: { name: "X", email: "x@example.org", weight: 0 } }), 400, "invalid");
    expectError(await h.call("POST", base, { ...f.owner, body: { name: "X", email: "x@example.org", weight: "1" } }), 400, "invalid");
    expectError(await h.call("PATCH", `${base}/${fritz}`, { ...f.owner, body: { email: "gina@example.org" } }), 409, "conflict");
    expectError(await h.call("PATCH", `${base}/${fritz}`, { ...f.owner, body: { weight: 1.5 } }), 400, "invalid");
    expectError(await h.call("PATCH", `${base}/${fritz}`, { ...observer, body: { name: "Observed" } }), 403, "forbidden");
    expectError(await h.call("POST", `${base}/${fritz}/presence`, observer), 403, "forbidden");
    expectError(await h.call("PATCH", `${base}/${other.participantIds[0]}`, { ...f.owner, body: { name: "Stolen" } }), 404, "not_found");
    expectError(await h.call("GET", `${base}/${other.participantIds[0]}`, f.owner), 404, "not_found");
    expectError(await h.call("POST", `${base}/${other.participantIds[0]}/presence`, f.owner), 404);
    expectError(await h.call("GET", base, { ...f.owner, query: { filter: "voted" } }), 400, "invalid");
    expectError(await h.call("GET", base, { ...f.owner, query: { limit: "5000" } }), 400, "invalid");
    expectError(await h.call("GET", base, { bearer: f.tokens[0]! }), 401);

    const list = await h.call("GET", base, observer);
    expect(
      list.json.items.map((p: { name: string; email: string; weight: number; present: boolean }) => [p.name, p.email, p.weight, p.present]),
    ).toEqual([
      ["Fritz", "fritz@example.org", 1, false],
      ["Gina", "gina@example.org", 1, false],
    ]);
    expect((await h.store.participants.get(other.participantIds[0]!)).name).toBe("Hans");
  });
});

describe("CSV import", () => {
  it("reports every bad line with a 422 and imports nothing", async () => {
    const f = await eventWithParticipants(h, ["Ida"]);
    const url = `/api/events/${f.eventId}/participants/import`;
    const csv =
      "name,email,weight,eligible\nJan,jan@example.org,1,yes\n,nobody@example.org,,\nKai,ida@example.org,,\nLea,lea@example.org,two,\nJan2,JAN@example.org,,\n";
    const error = expectError(await h.call("POST", url, { ...f.owner, body: csv, contentType: "text/csv" }), 422, "csv_invalid");
    expect((error.details as { errors: { line: number }[] }).errors.map((e) => e.line)).toEqual([3, 4, 5, 6]);
    expect(JSON.stringify(error.details)).toContain("ida@example.org is already registered for this event");
    expect(JSON.stringify(error.details)).toContain("jan@example.org already appears on line 2");
    expect((await h.call("GET", `/api/events/${f.eventId}/participants`, f.owner)).json.total).toBe(1);
  });

  it("refuses a missing header column, a JSON body, wrong roles and oversized files", async () => {
    const f = await eventWithParticipants(h, []);
    const url = `/api/events/${f.eventId}/participants/import`;
    const chair = await h.adminWithRole(f.owner, f.eventId, "observer", "import-observer@example.org");
    expectError(await h.call("POST", url, { ...f.owner, body: "name\nA\n", contentType: "text/csv" }), 422, "csv_invalid");
    expectError(await h.call("POST", url, { ...f.owner, body: { csv: "name,email" } }), 415, "unsupported_media_type");
    expectError(await h.call("POST", url, { ...chair, body: "name,email\nA,a@example.org\n", contentType: "text/csv" }), 403);
    expectError(
      await h.call("POST", url, {
        ...f.owner,
        body: `name,email\n${"x".repeat(5 * 1024 * 1024)},a@example.org\n`,
        contentType: "text/csv",
      }),
      413,
      "body_too_large",
    );
    expect((await h.call("GET", `/api/events/${f.eventId}/participants`, f.owner)).json.total).toBe(0);
  });

  it("imports 20,000 rows in a few seconds", async () => {
    const f = await eventWithParticipants(h, []);
    const rows = Array.from({ length: 20_000 }, (_, i) => [
      `Mitglied ${i}`,
      `m${i}@example.org`,
      `LV ${i % 16}`,
      String(1 + (i % 3)),
      i % 10 === 0 ? "nein" : "ja",
    ]);
    const csv = serializeCsv([["Name", "E-Mail", "Landesverband", "Stimmgewicht", "Stimmberechtigt"], ...rows], {
      separator: ";",
      bom: true,
    });
    const started = performance.now();
    const reply = await h.call("POST", `/api/events/${f.eventId}/participants/import`, {
      ...f.owner,
      body: csv,
      contentType: "text/csv; charset=utf-8",
    });
    const seconds = (performance.now() - started) / 1000;
    expect(reply.json).toEqual({ imported: 20_000, updated: 0, removed: 0, ignoredColumns: [] });
    expect(seconds).toBeLessThan(10);
    const counts = (await h.call("GET", `/api/events/${f.eventId}`, f.owner)).json.counts;
    expect(counts).toMatchObject({ total: 20_000, eligible: 18_000 });
    // A second import of an overlapping file is refused as a whole.
    const again = await h.call("POST", `/api/events/${f.eventId}/participants/import`, {
      ...f.owner,
      body: "name,email\nNew,new@example.org\nOld,m5@example.org\n",
      contentType: "text/csv",
    });
    expect(expectError(again, 422, "csv_invalid").details).toEqual({
      errors: [
        {
          line: 3,
          column: "email",
          code: "email_registered",
          params: { email: "m5@example.org" },
          reason: "m5@example.org is already registered for this event",
        },
      ],
    });
    expect((await h.call("GET", `/api/events/${f.eventId}`, f.owner)).json.counts.total).toBe(20_000);
  }, 60_000);
});

describe("CSV import encodings", () => {
  const header = "name;email;group\n";
  // "Jürgen Groß" as Excel on Windows saves it: ü = 0xFC, ß = 0xDF.
  const windows1252 = Buffer.concat([
    Buffer.from(`${header}Anna;anna@example.org;Nord\nJ`),
    Buffer.from([0xfc]),
    Buffer.from("rgen Gro"),
    Buffer.from([0xdf]),
    Buffer.from(";juergen@example.org;S\n"),
  ]);

  it("refuses bytes that are not UTF-8, naming the line and the encoding to choose, and imports nothing", async () => {
    const f = await eventWithParticipants(h, []);
    const url = `/api/events/${f.eventId}/participants/import`;
    const error = expectError(await h.call("POST", url, { ...f.owner, body: windows1252, contentType: "text/csv" }), 422, "csv_invalid");
    expect(error.message).toContain("Windows-1252");
    expect(error.details).toMatchObject({
      errors: [{ line: 3, reason: "not valid UTF-8 (byte 0xFC)" }],
      suggestedEncoding: "windows-1252",
    });
    expect((await h.call("GET", `/api/events/${f.eventId}/participants`, f.owner)).json.total).toBe(0);
  });

  it("imports Windows-1252 when the chair chooses it, and refuses a UTF-8 file read as Windows-1252", async () => {
    const f = await eventWithParticipants(h, []);
    const url = `/api/events/${f.eventId}/participants/import`;
    const query = { encoding: "windows-1252" };
    const reply = await h.call("POST", url, { ...f.owner, body: windows1252, contentType: "text/csv", query });
    expect(reply.json).toEqual({ imported: 2, updated: 0, removed: 0, ignoredColumns: [] });
    const names = (await h.call("GET", `/api/events/${f.eventId}/participants`, f.owner)).json.items.map((p: { name: string }) => p.name);
    expect(names).toEqual(["Anna", "Jürgen Groß"]);

    const utf8 = Buffer.from(`${header}Zoë;zoe@example.org;Süd\n`);
    const wrong = expectError(await h.call("POST", url, { ...f.owner, body: utf8, contentType: "text/csv", query }), 422, "csv_invalid");
    expect(wrong.details).toMatchObject({ errors: [{ line: 2 }], suggestedEncoding: "utf-8" });
    expect((wrong.details as { errors: { reason: string }[] }).errors[0]!.reason).toContain('"ë" would become "Ã«"');
    expectError(
      await h.call("POST", url, { ...f.owner, body: utf8, contentType: "text/csv", query: { encoding: "latin-9" } }),
      400,
      "invalid",
    );
    expect((await h.call("GET", `/api/events/${f.eventId}/participants`, f.owner)).json.total).toBe(2);
  });

  it("refuses control and bidirectional characters in imported fields, with line and column", async () => {
    const f = await eventWithParticipants(h, []);
    const csv = `${header}Anna\u202Enosnhoj;anna@example.org;Nord\nBen;ben@example.org;Sü\u0007d\nCem;cem@example.org;\u2067Ost\n`;
    const error = expectError(
      await h.call("POST", `/api/events/${f.eventId}/participants/import`, { ...f.owner, body: csv, contentType: "text/csv" }),
      422,
      "csv_invalid",
    );
    expect(error.details).toMatchObject({
      errors: [
        { line: 2, column: "name", reason: "name contains U+202E (a bidirectional control) at character 5" },
        { line: 3, column: "group", reason: "group contains U+0007 (a control character) at character 3" },
        { line: 4, column: "group", reason: "group contains U+2067 (a bidirectional control) at character 1" },
      ],
    });
    expect((await h.call("GET", `/api/events/${f.eventId}/participants`, f.owner)).json.total).toBe(0);
    // The same rule holds for participants added or edited one by one.
    const url = `/api/events/${f.eventId}/participants`;
    expectError(await h.call("POST", url, { ...f.owner, body: { name: "Eve\u200F", email: "eve@example.org" } }), 400, "invalid");
  });
});
