import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/csv/parse.ts";
import { Harness, expectError } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(async () => {
  await h.close();
});

const ballotId = (tag: string) => `ballot-${tag}-0123456789abcdef`;

describe("a small assembly from start to minutes", () => {
  it("imports, invites, votes, closes, publishes and exports correctly", async () => {
    const owner = await h.login();
    const event = await h.call("POST", "/api/events", { ...owner, body: { name: "Bundesparteitag", timezone: "Europe/Berlin" } });
    const eventId: string = event.json.event.id;
    const item = await h.call("POST", `/api/events/${eventId}/agenda`, { ...owner, body: { title: "Satzungsänderung" } });

    const csv =
      "\uFEFFName;E-Mail;Landesverband;Stimmgewicht;Stimmberechtigt\r\n" +
      "Anna;anna@example.org;Berlin;2;ja\r\nBen;ben@example.org;Hamburg;;ja\r\nCem;cem@example.org;Berlin;;ja\r\nDora;dora@example.org;;;nein\r\n";
    const imported = await h.call("POST", `/api/events/${eventId}/participants/import`, { ...owner, body: csv, contentType: "text/csv" });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.json).toEqual({ imported: 4, updated: 0, removed: 0, ignoredColumns: [] });

    const links = await h.call("POST", `/api/events/${eventId}/invitations/export`, owner);
    expect(links.status).toBe(200);
    expect(links.headers["content-type"]).toContain("text/csv");
    const [header, ...rows] = parseCsv(links.text).records.map((record) => record.fields);
    expect(header).toEqual(["name", "email", "group", "region", "link", "link_status"]);
    const tokenOf = new Map(rows.map((row) => [row[0]!, row[4]!.split("#")[1]!]));
    expect([...tokenOf.keys()]).toEqual(["Anna", "Ben", "Cem", "Dora"]);
    expect(rows[0]![4]).toMatch(/^https:\/\/vote\.example\.org\/join#[\w-]{43}$/);

    expect((await h.call("POST", `/api/events/${eventId}/open`, owner)).status).toBe(200);
    const created = await h.call("POST", `/api/events/${eventId}/polls`, {
      ...owner,
      body: { agendaItemId: item.json.item.id, title: "Antrag S1", kind: "yes_no_abstain", secret: false },
    });
    const pollId: string = created.json.poll.id;
    expect((await h.call("POST", `/api/events/${eventId}/polls/${pollId}/open`, owner)).json.poll.status).toBe("open");

    // Participants sign in with their link; the session is a cookie from then on.
    const session = async (name: string) => {
      const reply = await h.call("POST", "/api/participant/session", { body: { token: tokenOf.get(name) } });
      expect(reply.status).toBe(200);
      return { cookie: `plenum_participant=${reply.cookies.find((c) => c.name === "plenum_participant")?.value}` };
    };
    const anna = await session("Anna");
    const ben = await session("Ben");
    const cem = await session("Cem");
    const dora = await session("Dora");

    const vote = (who: { cookie: string }, id: string, choice: unknown) =>
      h.call("POST", `/api/participant/polls/${pollId}/ballots`, { ...who, body: { ballotId: id, choice } });
    const first = await vote(anna, ballotId("anna"), { kind: "options", optionIds: ["yes"] });
    expect(first.status, first.text).toBe(200);
    expect(first.json.receipt).toMatchObject({ pollId, ballotId: ballotId("anna"), weight: 2 });
    const retry = await vote(anna, ballotId("anna"), { kind: "options", optionIds: ["yes"] });
    expect(retry.json).toEqual(first.json);
    expectError(await vote(anna, ballotId("anna-again"), { kind: "options", optionIds: ["no"] }), 409, "already_voted");
    expect((await vote(ben, ballotId("ben"), { kind: "options", optionIds: ["no"] })).status).toBe(200);
    expect((await vote(cem, ballotId("cem"), { kind: "abstain" })).status).toBe(200);
    expectError(await vote(dora, ballotId("dora"), { kind: "options", optionIds: ["yes"] }), 403, "not_eligible");

    // Nobody sees named ballots or results before publication.
    const during = await h.call("GET", "/api/participant/event", ben);
    expect(during.json.polls).toEqual([expect.objectContaining({ result: null, namedBallots: null })]);
    expectError(await h.call("GET", `/api/events/${eventId}/polls/${pollId}/results`, owner), 409, "results_not_available");

    expect((await h.call("POST", `/api/events/${eventId}/polls/${pollId}/close`, owner)).status).toBe(200);
    expectError(await vote(dora, ballotId("late"), { kind: "options", optionIds: ["yes"] }), 409, "poll_not_open");
    const closed = await h.call("GET", "/api/participant/event", ben);
    expect(closed.json.polls[0]).toMatchObject({ poll: { status: "closed" }, result: null, namedBallots: null });

    const results = await h.call("GET", `/api/events/${eventId}/polls/${pollId}/results`, owner);
    expect(results.json.tally).toMatchObject({
      options: [
        { optionId: "yes", count: 1, weight: 2 },
        { optionId: "no", count: 1, weight: 1 },
      ],
      abstentions: { count: 1, weight: 1 },
      turnout: { count: 3, weight: 4 },
      eligible: { count: 3, weight: 4 },
      outcome: "passed",
      winners: ["yes"],
    });

    expect((await h.call("POST", `/api/events/${eventId}/polls/${pollId}/publish`, owner)).status).toBe(200);
    const after = await h.call("GET", "/api/participant/event", dora);
    expect(after.json.polls[0].result.outcome).toBe("passed");
    expect(after.json.polls[0].namedBallots.map((b: { name: string }) => b.name)).toEqual(["Anna", "Ben", "Cem"]);

    const receipt = await h.call("GET", `/api/participant/receipts/${first.json.receipt.receipt}`, anna);
    expect(receipt.json).toEqual({ counted: true, pollId });

    const resultsCsv = await h.call("GET", `/api/events/${eventId}/exports/results.csv`, owner);
    const resultRows = parseCsv(resultsCsv.text).records.map((record) => record.fields);
    expect(resultRows.slice(1).map((row) => [row[5], row[7], row[8], row[14], row[15]])).toEqual([
      ["yes", "1", "2", "passed", "yes"],
      ["no", "1", "1", "passed", "no"],
      ["", "1", "1", "passed", "no"],
    ]);

    await h.call("POST", "/api/participant/presence", anna);
    const attendance = await h.call("GET", `/api/events/${eventId}/exports/attendance.csv`, owner);
    const attendanceRows = parseCsv(attendance.text).records.map((record) => record.fields);
    expect(attendanceRows.map((row) => [row[0], row[4]])).toEqual([
      ["name", "present"],
      ["Anna", "yes"],
      ["Ben", "no"],
      ["Cem", "no"],
      ["Dora", "no"],
    ]);

    const exported = await h.call("GET", `/api/events/${eventId}/exports/event.json`, owner);
    expect(exported.json.participants).toHaveLength(4);
    expect(exported.json.polls[0].tally.outcome).toBe("passed");
    expect(exported.text).not.toContain("passwordHash");

    const audit = await h.call("GET", `/api/events/${eventId}/audit`, owner);
    expect(audit.json.entries.map((entry: { action: string }) => entry.action)).toEqual([
      "event.create",
      "agenda.add",
      "participants.import",
      "invitations.export",
      "event.open",
      "poll.create",
      "poll.open",
      "poll.close",
      "poll.publish",
      "export.results",
      "export.attendance",
      "export.event",
    ]);
  });
});
