import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/csv/parse.ts";
import { Harness, eventWithParticipants, expectError } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(async () => {
  await h.close();
});

describe("exports", () => {
  it("serves attendance and results CSV (BOM, defused formulas) and the event JSON without secrets", async () => {
    const f = await eventWithParticipants(h, ["@Risky", "Wim"]);
    await h.call("POST", "/api/participant/presence", { bearer: f.tokens[1]! });
    const pollId: string = (
      await h.call("POST", `/api/events/${f.eventId}/polls`, {
        ...f.owner,
        body: { agendaItemId: f.agendaItemId, title: "=SUM(A1)", kind: "yes_no_abstain", secret: true },
      })
    ).json.poll.id;
    await h.call("POST", `/api/events/${f.eventId}/polls/${pollId}/open`, f.owner);
    await h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
      bearer: f.tokens[1]!,
      body: { ballotId: "wim-ballot-01234567890", choice: { kind: "options", optionIds: ["yes"] } },
    });
    await h.call("POST", `/api/events/${f.eventId}/polls/${pollId}/close`, f.owner);

    const attendance = await h.call("GET", `/api/events/${f.eventId}/exports/attendance.csv`, f.owner);
    expect(attendance.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(attendance.headers["content-disposition"]).toBe(`attachment; filename="attendance-${f.eventId}.csv"`);
    expect(attendance.text.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(attendance.text).records.map((r) => r.fields);
    expect(rows[0]).toEqual([
      "name",
      "email",
      "group",
      "region",
      "present",
      "first_check_in",
      "last_check_in",
      "last_check_out",
      "last_check_in_by",
      "last_check_out_by",
    ]);
    expect(rows.slice(1).map((row) => [row[0], row[4], row[5] === "" ? "" : "time", row[8]])).toEqual([
      ["'@Risky", "no", "", ""],
      ["Wim", "yes", "time", "member"],
    ]);

    const results = parseCsv((await h.call("GET", `/api/events/${f.eventId}/exports/results.csv`, f.owner)).text).records.map(
      (r) => r.fields,
    );
    expect(results.slice(1).map((row) => [row[1], row[5], row[7], row[9], row[14]])).toEqual([
      ["'=SUM(A1)", "yes", "1", "1", "passed"],
      ["'=SUM(A1)", "no", "0", "1", "passed"],
      ["'=SUM(A1)", "", "0", "1", "passed"],
    ]);

    const json = await h.call("GET", `/api/events/${f.eventId}/exports/event.json`, f.owner);
    expect(json.json).toMatchObject({
      event: { id: f.eventId },
      participants: [{}, {}],
      polls: [{ poll: { id: pollId }, namedBallots: null }],
    });
    for (const secret of [...f.tokens, "passwordHash", "scrypt$", "tokenHash"]) expect(json.text).not.toContain(secret);
  });

  it("refuses observers, strangers and participants", async () => {
    const f = await eventWithParticipants(h, ["Xaver"]);
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", "export-observer@example.org");
    for (const file of ["attendance.csv", "results.csv", "event.json"]) {
      const url = `/api/events/${f.eventId}/exports/${file}`;
      expectError(await h.call("GET", url, observer), 403, "forbidden");
      expectError(await h.call("GET", url, { bearer: f.tokens[0]! }), 401);
      expectError(await h.call("GET", `/api/events/unknown-event/exports/${file}`, f.owner), 404);
    }
    const actions = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.map((e: { action: string }) => e.action);
    expect(actions.some((a: string) => a.startsWith("export."))).toBe(false);
  });
});

describe("audit log", () => {
  it("pages by cursor and is readable by observers only within their event", async () => {
    const f = await eventWithParticipants(h, ["Yara", "Zeno"]);
    const other = await eventWithParticipants(h, []);
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", "audit-observer@example.org");
    const url = `/api/events/${f.eventId}/audit`;
    const all = (await h.call("GET", url, observer)).json;
    expect(all.entries.map((e: { action: string }) => e.action)).toEqual([
      "event.create",
      "agenda.add",
      "participant.add",
      "invitation.issue",
      "participant.add",
      "invitation.issue",
      "event.open",
      "role.grant",
    ]);
    expect(all.entries[0]).toMatchObject({ eventId: f.eventId, actor: expect.stringMatching(/^admin:/), at: expect.any(String) });
    expect(all.nextAfterId).toBeNull();
    const first = (await h.call("GET", url, { ...observer, query: { limit: "3" } })).json;
    expect(first.entries).toHaveLength(3);
    const rest = (await h.call("GET", url, { ...observer, query: { afterId: String(first.nextAfterId) } })).json;
    expect([...first.entries, ...rest.entries]).toEqual(all.entries);
    expectError(await h.call("GET", url, { ...observer, query: { limit: "0" } }), 400, "invalid");
    expectError(await h.call("GET", url, { ...observer, query: { afterId: "x" } }), 400, "invalid");
    expectError(await h.call("GET", `/api/events/${other.eventId}/audit`, observer), 403);
    expectError(await h.call("GET", url, { bearer: f.tokens[0]! }), 401);
  });
});
