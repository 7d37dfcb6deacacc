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
    expect((await h.call("GET", "/api/participant/me", { cookie: `plenum_participant=${cookie?.value}` })).json.participant.name).toBe(
      "Olga",
    );
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
    expect(actions.filter((a: string) => a.startsWith("invitation"))).toEqual([
      "invitation.issue",
      "invitation.issue",
      "invitation.revoke",
    ]);
  });

  const exportLinks = async (f: { eventId: string; owner: object }, query?: Record<string, string>) => {
    const reply = await h.call("POST", `/api/events/${f.eventId}/invitations/export`, { ...f.owner, ...(query ? { query } : {}) });
    expect(reply.status, reply.text).toBe(200);
    return { reply, rows: parseCsv(reply.text).records.map((r) => r.fields) };
  };
  const auditTail = async (f: { eventId: string; owner: object }) =>
    (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.at(-1);

  it("exports links only for participants without one, keeping the links already mailed", async () => {
    const f = await eventWithParticipants(h, ["=Evil", "Rita"]);
    const added = await h.call("POST", `/api/events/${f.eventId}/participants`, {
      ...f.owner,
      body: { name: "Sami", email: "sami@example.org" },
    });
    await h.call("DELETE", `/api/events/${f.eventId}/participants/${f.participantIds[0]}/invitation`, f.owner);
    const { reply, rows } = await exportLinks(f);
    expect(reply.headers["content-disposition"]).toContain("attachment");
    expect(reply.text.startsWith("\uFEFF")).toBe(true);
    expect(rows[0]).toEqual(["name", "email", "group", "region", "link", "link_status"]);
    expect(rows.slice(1).map((row) => [row[0], row[5], row[4] === "" ? "" : "link"])).toEqual([
      ["'=Evil", "new", "link"],
      ["Rita", "issued_earlier", ""],
      ["Sami", "new", "link"],
    ]);
    expect((await exchange(f.tokens[1])).json.participant.name).toBe("Rita");
    expect((await exchange(rows[3]![4]!.split("#")[1])).json.participant.id).toBe(added.json.participant.id);
    expect(await auditTail(f)).toMatchObject({ action: "invitations.export", after: { issued: 2, keptEarlier: 1 } });
    const again = await exportLinks(f);
    expect(again.rows.slice(1).map((row) => `${row[4]}${row[5]}`)).toEqual(["issued_earlier", "issued_earlier", "issued_earlier"]);
    expect((await exchange(rows[1]![4]!.split("#")[1])).status).toBe(200);
  });

  it("re-issues everyone's link only with ?reissue=all, audited; a bad query changes nothing", async () => {
    const f = await eventWithParticipants(h, ["Vera", "Willi"]);
    expectError(
      await h.call("POST", `/api/events/${f.eventId}/invitations/export`, { ...f.owner, query: { reissue: "some" } }),
      400,
      "invalid",
    );
    expect((await exchange(f.tokens[0])).status).toBe(200);
    const { rows } = await exportLinks(f, { reissue: "all" });
    expect(rows.slice(1).map((row) => [row[0], row[5]])).toEqual([
      ["Vera", "new"],
      ["Willi", "new"],
    ]);
    expectError(await exchange(f.tokens[0]), 401, "invalid_token");
    expect((await exchange(rows[2]![4]!.split("#")[1])).json.participant.name).toBe("Willi");
    expect(await auditTail(f)).toMatchObject({ action: "invitations.reissue_all", after: { issued: 2, keptEarlier: 0 } });
  });

  it("exports 20,000 participants in a few seconds", async () => {
    const f = await eventWithParticipants(h, []);
    const csv = `name;email\n${Array.from({ length: 20_000 }, (_, i) => `M${i};m${i}@big.example.org`).join("\n")}\n`;
    const imported = await h.call("POST", `/api/events/${f.eventId}/participants/import`, {
      ...f.owner,
      body: csv,
      contentType: "text/csv",
    });
    expect(imported.status, imported.text).toBe(200);
    const started = performance.now();
    const { rows } = await exportLinks(f);
    expect(performance.now() - started).toBeLessThan(8_000);
    expect(rows.length).toBe(20_001);
    expect(new Set(rows.slice(1).map((row) => row[4])).size).toBe(20_000);
  });

  it("ends the sessions of a replaced or revoked link, of everyone on ?reissue=all, and of nobody on a plain export", async () => {
    const f = await eventWithParticipants(h, ["Ada", "Bert"]);
    const [ada] = f.participantIds;
    const url = `/api/events/${f.eventId}/participants/${ada}/invitation`;
    const sessionsOfAdaEnd = [
      { kind: "signedOut", actor: { kind: "participant", participantId: ada, eventId: f.eventId } },
      { kind: "participants", eventId: f.eventId },
    ];
    h.takeEffects();
    expect((await h.call("POST", url, f.owner)).status).toBe(201);
    expect(h.takeEffects()).toEqual(sessionsOfAdaEnd);
    expect((await h.call("DELETE", url, f.owner)).status).toBe(204);
    expect(h.takeEffects()).toEqual(sessionsOfAdaEnd);
    await exportLinks(f);
    expect(h.takeEffects()).toEqual([]);
    await exportLinks(f, { reissue: "all" });
    expect(h.takeEffects()).toEqual([{ kind: "linksReplaced", eventId: f.eventId }]);
    // Refused requests change nothing, so they end no session.
    expectError(await h.call("POST", `/api/events/${f.eventId}/participants/unknown/invitation`, f.owner), 404);
    expectError(await h.call("POST", `/api/events/${f.eventId}/invitations/export`, { ...f.owner, query: { reissue: "yes" } }), 400);
    expect(h.takeEffects()).toEqual([]);
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
