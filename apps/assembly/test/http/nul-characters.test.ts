import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateToken } from "../../src/auth/token.ts";
import { Harness, OWNER, eventWithParticipants, expectError, type Backend, type EventFixture } from "./harness.ts";

/**
 * A NUL character (U+0000) in any text the API receives is a 400 on both
 * databases, before any route runs: PostgreSQL cannot store one (it used to
 * surface as a 500, uncounted by the sign-in limits).
 */
describe.each<Backend>(["sqlite", "postgres"])("NUL characters on %s", (backend) => {
  let h: Harness;
  let f: EventFixture;
  beforeAll(async () => {
    h = await Harness.start({}, backend);
    f = await eventWithParticipants(h, ["Ada", "Ben"]);
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  function expectNulRefused(reply: Awaited<ReturnType<Harness["call"]>>, path: string): void {
    const error = expectError(reply, 400, "invalid");
    expect(error.details).toEqual([{ path, message: expect.stringContaining("NUL") }]);
  }

  it("refuses it in the unauthenticated sign-ins", async () => {
    expectNulRefused(await h.call("POST", "/api/admin/login", { body: { email: "owner@example.org\u0000", password: "x" } }), "email");
    expectNulRefused(
      await h.call("POST", "/api/admin/login", { body: { email: OWNER.email, password: `${OWNER.password}\u0000` } }),
      "password",
    );
    expectNulRefused(await h.call("POST", "/api/participant/session", { body: { token: `${f.tokens[0]}\u0000` } }), "token");
  });

  it("refuses it in values and keys at any depth, and stores nothing", async () => {
    const events = (await h.call("GET", "/api/events", f.owner)).json;
    expectNulRefused(await h.call("POST", "/api/events", { ...f.owner, body: { name: "Con\u0000gress" } }), "name");
    expectNulRefused(
      await h.call("POST", "/api/events", { ...f.owner, body: { name: "Congress", settings: { "k\u0000": 1 } } }),
      "settings.k\\0",
    );
    expectNulRefused(
      await h.call("POST", `/api/events/${f.eventId}/polls`, {
        ...f.owner,
        body: { agendaItemId: f.agendaItemId, title: "Seats", kind: "multiple_choice", options: [{ label: "Ada" }, { label: "B\u0000o" }] },
      }),
      "options.1.label",
    );
    expectNulRefused(
      await h.call("PATCH", `/api/events/${f.eventId}/participants/${f.participantIds[0]}`, { ...f.owner, body: { group: "\u0000" } }),
      "group",
    );
    expectNulRefused(
      await h.call("POST", `/api/events/${f.eventId}/agenda`, { ...f.owner, body: ["deep", [[{ title: "\u0000" }]]] }),
      "1.0.0.title",
    );
    expect((await h.call("GET", "/api/events", f.owner)).json).toEqual(events);
    expect((await h.call("GET", `/api/events/${f.eventId}/polls`, f.owner)).json.polls).toEqual([]);
    expect(
      (await h.call("GET", `/api/events/${f.eventId}/participants/${f.participantIds[0]}`, f.owner)).json.participant.group,
    ).toBeNull();
  });

  it("refuses it in a participant's ballot", async () => {
    const created = await h.call("POST", `/api/events/${f.eventId}/polls`, {
      ...f.owner,
      body: { agendaItemId: f.agendaItemId, title: "Motion", kind: "yes_no_abstain" },
    });
    const pollId: string = created.json.poll.id;
    await h.call("POST", `/api/events/${f.eventId}/polls/${pollId}/open`, f.owner);
    await h.call("POST", `/api/events/${f.eventId}/participants/${f.participantIds[1]}/presence`, f.owner);
    expectNulRefused(
      await h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
        bearer: f.tokens[1]!,
        body: { ballotId: "ballot-000000000\u0000", choice: { kind: "options", optionIds: ["yes"] } },
      }),
      "ballotId",
    );
    const cast = await h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
      bearer: f.tokens[1]!,
      body: { ballotId: "ballot-0000000001", choice: { kind: "options", optionIds: ["yes"] } },
    });
    expect(cast.status, cast.text).toBe(200);
  });

  it("refuses it in the query and the path", async () => {
    expectNulRefused(await h.call("GET", `/api/events/${f.eventId}/participants`, { ...f.owner, query: { search: "A\u0000" } }), "search");
    expectNulRefused(await h.call("GET", `/api/events/${f.eventId}/participants?search=%00`, f.owner), "search");
    expectNulRefused(await h.call("GET", `/api/events/${f.eventId}%00`, f.owner), "eventId");
    expectNulRefused(await h.call("POST", `/api/events/${f.eventId}/polls/%00/close`, f.owner), "pollId");
  });

  it("refuses a CSV import with one, naming its line, and imports nothing", async () => {
    const url = `/api/events/${f.eventId}/participants/import`;
    const csv = "name,email\r\nCara,cara@example.org\r\nDi\u0000rk,dirk@example.org\r\n";
    const error = expectError(await h.call("POST", url, { ...f.owner, body: csv, contentType: "text/csv" }), 422, "csv_invalid");
    expect(error.details).toMatchObject({ errors: [{ line: 3, reason: expect.stringContaining("NUL") }] });
    expect((await h.call("GET", `/api/events/${f.eventId}/participants`, f.owner)).json.total).toBe(2);
  });

  it("keeps text that merely spells the escape", async () => {
    const named = await h.call("POST", `/api/events/${f.eventId}/agenda`, { ...f.owner, body: { title: "back\\u0000slash" } });
    expect(named.status, named.text).toBe(201);
    expect(named.json.item.title).toBe("back\\u0000slash");
  });
});

/**
 * An unexpected 500 on a sign-in route counts like a failed attempt, so an
 * input that breaks the server gives no free guesses. The database is broken
 * on purpose behind the app's back.
 */
describe.each<Backend>(["sqlite", "postgres"])("sign-in limits when the server fails, on %s", (backend) => {
  it("counts 500s of the admin sign-in toward its limit", async () => {
    const h = await Harness.start({ rateLimit: { login: { limit: 3, windowMs: 60_000 } } }, backend);
    try {
      await h.execute("alter table admin_users rename to admin_users_gone");
      for (let i = 0; i < 3; i++) expectError(await h.call("POST", "/api/admin/login", { body: OWNER }), 500, "internal");
      expectError(await h.call("POST", "/api/admin/login", { body: OWNER }), 429, "rate_limited");
    } finally {
      await h.close();
    }
  });

  it("counts 500s of the token exchange toward its limit", async () => {
    const h = await Harness.start({ rateLimit: { tokenExchange: { limit: 3, windowMs: 60_000 } } }, backend);
    try {
      await h.execute("alter table invitations rename to invitations_gone");
      const body = { token: generateToken() };
      for (let i = 0; i < 3; i++) expectError(await h.call("POST", "/api/participant/session", { body }), 500, "internal");
      expectError(await h.call("POST", "/api/participant/session", { body }), 429, "rate_limited");
    } finally {
      await h.close();
    }
  });
});
