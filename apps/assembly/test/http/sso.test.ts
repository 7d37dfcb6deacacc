import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestOidcProvider } from "../sso/test-provider.ts";
import { type Credentials, type Harness as HarnessType, Harness, eventWithParticipants, expectError, type Reply } from "./harness.ts";

const PUBLIC = "https://vote.example.org";

let provider: TestOidcProvider;
let h: HarnessType;
let off: HarnessType;
beforeAll(async () => {
  provider = await TestOidcProvider.start();
  provider.register(`${PUBLIC}/api/sso/callback`);
  [h, off] = await Promise.all([Harness.start({ oidc: provider.settings(), publicBaseUrl: PUBLIC }), Harness.start()]);
});
afterAll(async () => {
  await Promise.all([h?.close(), off?.close()]);
  await provider?.close();
});

const ssoSettings = (eventId: string) => `/api/events/${eventId}/sso`;
const cookieOf = (reply: Reply, name: string) => reply.cookies.find((cookie) => cookie.name === name);

/** Where a redirect of the app points, with its query as an object. */
function redirectOf(reply: Reply): { path: string; query: Record<string, string> } {
  expect(reply.status, reply.text).toBe(303);
  const location = new URL(String(reply.headers.location), PUBLIC);
  return { path: location.pathname, query: Object.fromEntries(location.searchParams) };
}

async function enable(f: { eventId: string; owner: Credentials }, match: "email" | "memberNumber" = "email"): Promise<void> {
  const saved = await h.call("PUT", ssoSettings(f.eventId), { ...f.owner, body: { enabled: true, match } });
  expect(saved.status, saved.text).toBe(200);
}

/** Begins a login as the join page's button does; returns the provider URL and the browser's login cookie. */
async function begin(eventId: string): Promise<{ authorizationUrl: string; cookie: string }> {
  const reply = await h.call("GET", `/api/sso/events/${eventId}/login`);
  expect(reply.status, reply.text).toBe(303);
  const login = cookieOf(reply, "plenum_sso");
  expect(login).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/api/sso" });
  return { authorizationUrl: String(reply.headers.location), cookie: `plenum_sso=${login!.value}` };
}

/** The whole round trip for `login`: begin, sign in at the provider, come back with the cookie. */
async function signInAs(eventId: string, login: string): Promise<{ reply: Reply; callback: URL; cookie: string }> {
  const { authorizationUrl, cookie } = await begin(eventId);
  const callback = await provider.signIn(authorizationUrl, login);
  const reply = await h.call("GET", `${callback.pathname}${callback.search}`, { cookie });
  return { reply, callback, cookie };
}

const participantCookie = (reply: Reply) => {
  const cookie = cookieOf(reply, "plenum_participant");
  return cookie ? `plenum_participant=${cookie.value}` : undefined;
};

describe("single sign-on over HTTP", () => {
  it("is off until a chair enables it, and says when the server has no provider", async () => {
    const f = await eventWithParticipants(h, ["Ada"]);
    expect((await h.call("GET", `/api/sso/events/${f.eventId}`)).json).toEqual({
      configured: true,
      providerName: "Party Members",
      enabled: false,
    });
    expect((await h.call("GET", ssoSettings(f.eventId), f.owner)).json).toEqual({
      configured: true,
      providerName: "Party Members",
      memberClaim: "member_number",
      sso: { enabled: false, match: "email" },
    });
    expect(redirectOf(await h.call("GET", `/api/sso/events/${f.eventId}/login`))).toEqual({
      path: "/join",
      query: { event: f.eventId, error: "sso_disabled" },
    });
    expectError(await h.call("PUT", ssoSettings(f.eventId), { ...f.owner, body: { enabled: true, match: "name" } }), 400, "invalid");
    expectError(await h.call("PUT", ssoSettings(f.eventId), { body: { enabled: true, match: "email" } }), 401, "unauthenticated");
    expect((await h.call("GET", ssoSettings(f.eventId), f.owner)).json.sso).toEqual({ enabled: false, match: "email" });

    const o = await eventWithParticipants(off, ["Ada"]);
    expect((await off.call("GET", `/api/sso/events/${o.eventId}`)).json).toEqual({ configured: false, providerName: null, enabled: false });
    const saved = await off.call("PUT", ssoSettings(o.eventId), { ...o.owner, body: { enabled: true, match: "email" } });
    expect(saved.json).toEqual({ configured: false, providerName: null, memberClaim: null, sso: { enabled: true, match: "email" } });
    expect((await off.call("GET", `/api/sso/events/${o.eventId}`)).json.enabled).toBe(false);
    expect(redirectOf(await off.call("GET", `/api/sso/events/${o.eventId}/login`)).query.error).toBe("sso_not_configured");
  });

  it("signs a member in by verified e-mail with PKCE, state and nonce: the participant session of a link, audited", async () => {
    const f = await eventWithParticipants(h, ["Bea", "Cem"]);
    await enable(f);
    provider.addMember("bea-sub", { email: "Bea@Example.org", email_verified: true });
    const { authorizationUrl, cookie } = await begin(f.eventId);
    const sent = new URL(authorizationUrl).searchParams;
    expect(sent.get("code_challenge_method")).toBe("S256");
    expect(sent.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.get("nonce")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.get("redirect_uri")).toBe(`${PUBLIC}/api/sso/callback`);
    expect(sent.has("code_verifier")).toBe(false);

    const callback = await provider.signIn(authorizationUrl, "bea-sub");
    const reply = await h.call("GET", `${callback.pathname}${callback.search}`, { cookie });
    expect(redirectOf(reply)).toEqual({ path: "/p", query: {} });
    expect(cookieOf(reply, "plenum_participant")).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookieOf(reply, "plenum_sso")?.value).toBe("");
    const me = await h.call("GET", "/api/participant/me", { cookie: participantCookie(reply)! });
    expect(me.status, me.text).toBe(200);
    expect(me.json.participant).toMatchObject({ id: f.participantIds[0], name: "Bea" });
    // The invitation link keeps working beside the new session.
    expect((await h.call("POST", "/api/participant/session", { body: { token: f.tokens[0] } })).status).toBe(200);

    const audit = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries as Record<string, unknown>[];
    expect(audit.find((entry) => entry["action"] === "participant.sso_sign_in")).toMatchObject({
      actor: `participant:${f.participantIds[0]}`,
      subject: f.participantIds[0],
      after: { via: "oidc", provider: "Party Members", providerSubject: "bea-sub", match: "email" },
    });

    // Revoking the participant's links ends this session too, and refuses the next sign-on.
    expect((await h.call("DELETE", `/api/events/${f.eventId}/participants/${f.participantIds[0]}/invitation`, f.owner)).status).toBe(204);
    expectError(await h.call("GET", "/api/participant/me", { cookie: participantCookie(reply)! }), 401);
    const again = await signInAs(f.eventId, "bea-sub");
    expect(redirectOf(again.reply)).toEqual({ path: "/join", query: { event: f.eventId, error: "sso_revoked" } });
    expect(participantCookie(again.reply)).toBeUndefined();
  });

  it("refuses a replayed callback, a wrong state and a callback without the beginning browser's cookie", async () => {
    const f = await eventWithParticipants(h, ["Dana"]);
    await enable(f);
    provider.addMember("dana-sub", { email: "dana@example.org", email_verified: true });
    const first = await signInAs(f.eventId, "dana-sub");
    expect(redirectOf(first.reply).path).toBe("/p");
    const replay = await h.call("GET", `${first.callback.pathname}${first.callback.search}`, { cookie: first.cookie });
    expect(redirectOf(replay)).toEqual({ path: "/join", query: { error: "sso_state_invalid" } });
    expect(participantCookie(replay)).toBeUndefined();

    const { authorizationUrl, cookie } = await begin(f.eventId);
    const callback = await provider.signIn(authorizationUrl, "dana-sub");
    const forged = new URL(callback);
    forged.searchParams.set("state", "A".repeat(43));
    expect(redirectOf(await h.call("GET", `${forged.pathname}${forged.search}`, { cookie })).query.error).toBe("sso_state_invalid");
    const elsewhere = await h.call("GET", `${callback.pathname}${callback.search}`, { cookie: "plenum_sso=someone-elses" });
    expect(redirectOf(elsewhere).query.error).toBe("sso_state_invalid");
    // A refused callback used its state up: the right cookie afterwards gets nothing either.
    expect(redirectOf(await h.call("GET", `${callback.pathname}${callback.search}`, { cookie })).query.error).toBe("sso_state_invalid");
    expect(redirectOf(await h.call("GET", "/api/sso/callback")).query.error).toBe("sso_state_invalid");
  });

  it("refuses a member not on the roll, an unverified address, and a changed code", async () => {
    const f = await eventWithParticipants(h, ["Emre"]);
    await enable(f);
    provider.addMember("stranger", { email: "stranger@example.org", email_verified: true });
    provider.addMember("unverified", { email: "emre@example.org", email_verified: false });
    provider.addMember("emre-sub", { email: "emre@example.org", email_verified: true });
    expect(redirectOf((await signInAs(f.eventId, "stranger")).reply)).toEqual({
      path: "/join",
      query: { event: f.eventId, error: "sso_no_match" },
    });
    expect(redirectOf((await signInAs(f.eventId, "unverified")).reply).query.error).toBe("sso_claim_missing");

    const { authorizationUrl, cookie } = await begin(f.eventId);
    const callback = await provider.signIn(authorizationUrl, "emre-sub");
    callback.searchParams.set("code", "not-the-code");
    expect(redirectOf(await h.call("GET", `${callback.pathname}${callback.search}`, { cookie })).query.error).toBe("sso_failed");
    const audit = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries as { action: string }[];
    expect(audit.filter((entry) => entry.action === "participant.sso_sign_in")).toEqual([]);
  });

  it("matches by member number from the roll and refuses an ambiguous one", async () => {
    const f = await eventWithParticipants(h, ["Fay", "Gil", "Hal"]);
    const number = async (index: number, memberNumber: string) =>
      expect(
        (
          await h.call("PATCH", `/api/events/${f.eventId}/participants/${f.participantIds[index]}`, {
            ...f.owner,
            body: { memberNumber },
          })
        ).status,
      ).toBe(200);
    await number(0, " 0815 ");
    await number(1, "4711");
    await number(2, "4711");
    await enable(f, "memberNumber");
    provider.addMember("fay-sub", { member_number: "0815", email: "someone-else@example.org", email_verified: true });
    provider.addMember("twin-sub", { member_number: 4711 });
    provider.addMember("no-number", { email: "fay@example.org", email_verified: true });
    const fay = await signInAs(f.eventId, "fay-sub");
    expect(redirectOf(fay.reply).path).toBe("/p");
    expect((await h.call("GET", "/api/participant/me", { cookie: participantCookie(fay.reply)! })).json.participant.id).toBe(
      f.participantIds[0],
    );
    expect(redirectOf((await signInAs(f.eventId, "twin-sub")).reply).query.error).toBe("sso_ambiguous");
    expect(redirectOf((await signInAs(f.eventId, "no-number")).reply).query.error).toBe("sso_claim_missing");
  });

  it("refuses a login that began before the chair turned single sign-on off, and only the roll of that event", async () => {
    const f = await eventWithParticipants(h, ["Ivo"]);
    const other = await eventWithParticipants(h, ["Jan"]);
    await enable(f);
    await enable(other);
    provider.addMember("jan-sub", { email: "jan@example.org", email_verified: true });
    expect(redirectOf((await signInAs(f.eventId, "jan-sub")).reply).query.error).toBe("sso_no_match");

    provider.addMember("ivo-sub", { email: "ivo@example.org", email_verified: true });
    const { authorizationUrl, cookie } = await begin(f.eventId);
    const callback = await provider.signIn(authorizationUrl, "ivo-sub");
    expect((await h.call("PUT", ssoSettings(f.eventId), { ...f.owner, body: { enabled: false, match: "email" } })).status).toBe(200);
    const reply = await h.call("GET", `${callback.pathname}${callback.search}`, { cookie });
    expect(redirectOf(reply)).toEqual({ path: "/join", query: { event: f.eventId, error: "sso_disabled" } });
    expect(participantCookie(reply)).toBeUndefined();
    const audit = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries as { action: string }[];
    expect(audit.map((entry) => entry.action)).toContain("event.sso");
  });

  it("sends the member back with sso_unavailable, and no login cookie, while the provider cannot be reached", async () => {
    const gone = await TestOidcProvider.start();
    const settings = gone.settings();
    await gone.close();
    const unreachable = await Harness.start({ oidc: settings, publicBaseUrl: PUBLIC });
    try {
      const owner = await unreachable.login();
      const created = await unreachable.call("POST", "/api/events", { ...owner, body: { name: "Offline" } });
      const eventId: string = created.json.event.id;
      await unreachable.call("PUT", ssoSettings(eventId), { ...owner, body: { enabled: true, match: "email" } });
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const reply = await unreachable.call("GET", `/api/sso/events/${eventId}/login`);
        expect(redirectOf(reply)).toEqual({ path: "/join", query: { event: eventId, error: "sso_unavailable" } });
        expect(cookieOf(reply, "plenum_sso")).toBeUndefined();
      }
    } finally {
      await unreachable.close();
    }
  });

  it("counts refused callbacks against the sign-in budget", async () => {
    const limited = await Harness.start({
      oidc: provider.settings(),
      publicBaseUrl: PUBLIC,
      rateLimit: { tokenExchange: { limit: 2, windowMs: 60_000 } },
    });
    try {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        expect(redirectOf(await limited.call("GET", "/api/sso/callback?state=x&code=y")).query.error).toBe("sso_state_invalid");
      }
      expectError(await limited.call("GET", "/api/sso/callback?state=x&code=y"), 429, "rate_limited");
    } finally {
      await limited.close();
    }
  });
});
