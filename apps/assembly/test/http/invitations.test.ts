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

const exchange = (token: unknown, on = h) => on.call("POST", "/api/participant/session", { body: { token } });

describe("invitations", () => {
  it("exchanges a link token for an HttpOnly Lax cookie that then authenticates", async () => {
    const f = await eventWithParticipants(h, ["Olga"]);
    const reply = await exchange(f.tokens[0]);
    expect(reply.json.participant).toMatchObject({ name: "Olga", eventId: f.eventId });
    const cookie = reply.cookies.find((c) => c.name === "plenum_participant");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect((await h.call("GET", "/api/participant/me", { cookie: `plenum_participant=${cookie?.value}` })).json.participant.name).toBe("Olga");
    const out = await h.call("DELETE", "/api/participant/session", { cookie: `plenum_participant=${cookie?.value}` });
    expect(out.status).toBe(204);
    expect(out.cookies.find((c) => c.name === "plenum_participant")?.value).toBe("");
  });

  it("re-issuing invalidates the old link; revoking ends every session made from it", async () => {
    const f = await eventWithParticipants(h, ["Paul"]);
    const url = `/api/events/${f.eventId}/participants/${f.participantIds[0]}/invitation`;
    const old = f.tokens[0]!;
    const reissued = await h.call("POST", url, f.owner);
    expect(reissued.status).toBe(201);
    expect(reissued.json.link).toBe(`https://vote.example.org/join#${reissued.json.token}`);
    expectError(await exchange(old), 401, "invalid_token");
    expectError(await h.call("GET", "/api/participant/me", { bearer: old }), 401, "unauthenticated");
    const fresh: string = reissued.json.token;
    expect((await h.call("GET", "/api/participant/me", { cookie: `plenum_participant=${fresh}` })).status).toBe(200);
    expect((await h.call("DELETE", url, f.owner)).status).toBe(204);
    expectError(await h.call("GET", "/api/participant/me", { cookie: `plenum_participant=${fresh}` }), 401);
    expectError(await h.call("GET", "/api/participant/event", { bearer: fresh }), 401);
    const actions = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a.startsWith("invitation"))).toEqual(["invitation.issue", "invitation.issue", "invitation.revoke"]);
  });

  it("exports a mail-merge CSV with fresh links for everyone, replacing the old ones", async () => {
    const f = await eventWithParticipants(h, ["=Evil", "Rita"]);
    const reply = await h.call("POST", `/api/events/${f.eventId}/invitations/export`, f.owner);
    expect(reply.headers["content-disposition"]).toContain("attachment");
    expect(reply.text.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(reply.text).records.map((r) => r.fields);
    expect(rows.map((row) => row[0])).toEqual(["name", "'=Evil", "Rita"]);
    const token = rows[2]![4]!.split("#")[1]!;
    expect((await exchange(token)).json.participant.name).toBe("Rita");
    expectError(await exchange(f.tokens[1]), 401, "invalid_token");
  });

  it("refuses wrong roles, unknown and other events' participants without touching links", async () => {
    const f = await eventWithParticipants(h, ["Sven"]);
    const other = await eventWithParticipants(h, ["Tina"]);
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", "inv-observer@example.org");
    const sven = `/api/events/${f.eventId}/participants/${f.participantIds[0]}/invitation`;
    expectError(await h.call("POST", sven, observer), 403, "forbidden");
    expectError(await h.call("DELETE", sven, observer), 403, "forbidden");
    expectError(await h.call("POST", `/api/events/${f.eventId}/invitations/export`, observer), 403);
    expectError(await h.call("POST", `/api/events/${f.eventId}/participants/${other.participantIds[0]}/invitation`, f.owner), 404);
    expectError(await h.call("DELETE", `/api/events/${f.eventId}/participants/${other.participantIds[0]}/invitation`, f.owner), 404);
    expectError(await h.call("POST", `/api/events/${f.eventId}/participants/unknown/invitation`, f.owner), 404);
    expectError(await h.call("POST", sven, { bearer: f.tokens[0]! }), 401);
    expect((await exchange(f.tokens[0])).status).toBe(200);
    expect((await exchange(other.tokens[0])).status).toBe(200);
  });
});

describe("token exchange rate limit", () => {
  it("limits unknown tokens per address with 429 but never counts valid ones", async () => {
    const limited = await Harness.start({ rateLimit: { tokenExchange: { limit: 5, windowMs: 60_000 } } });
    try {
      const f = await eventWithParticipants(limited, ["Uwe"]);
      for (let i = 0; i < 8; i++) expect((await exchange(f.tokens[0], limited)).status).toBe(200);
      expectError(await exchange("", limited), 401, "invalid_token");
      expectError(await exchange({ not: "a string" }, limited), 400, "invalid");
      for (let i = 0; i < 4; i++) expectError(await exchange("A".repeat(43), limited), 401, "invalid_token");
      const refused = await exchange(f.tokens[0], limited);
      expectError(refused, 429, "rate_limited");
      expect(refused.headers["retry-after"]).toBeDefined();
    } finally {
      await limited.close();
    }
  });
});
