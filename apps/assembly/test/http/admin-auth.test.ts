import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, OWNER, eventWithParticipants, expectError } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await Harness.start({ bodyLimit: 4096, rateLimit: { login: { limit: 3, windowMs: 60_000 } } });
});
afterAll(async () => {
  await h.close();
});

describe("admin sign-in", () => {
  it("signs in with an HttpOnly SameSite=Strict cookie and shows the admin without the hash", async () => {
    const reply = await h.call("POST", "/api/admin/login", { body: { email: " OWNER@example.org ", password: OWNER.password } });
    expect(reply.status).toBe(200);
    const cookie = reply.cookies.find((c) => c.name === "plenum_admin");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
    expect(cookie?.value).toMatch(/^[\w-]{43}$/);
    const me = await h.call("GET", "/api/admin/me", { cookie: `plenum_admin=${cookie?.value}` });
    expect(me.json).toEqual({ admin: { id: expect.any(String), email: OWNER.email, name: "Owner" }, events: [] });
    expect(me.text).not.toContain("scrypt");
    expect(me.headers["cache-control"]).toBe("no-store");
  });

  it("accepts the session as a bearer token too, and logout ends it", async () => {
    const { cookie } = await h.login();
    const token = cookie!.split("=")[1]!;
    expect((await h.call("GET", "/api/admin/me", { bearer: token })).status).toBe(200);
    const out = await h.call("POST", "/api/admin/logout", { cookie });
    expect(out.status).toBe(204);
    expect(out.cookies.find((c) => c.name === "plenum_admin")?.value).toBe("");
    expectError(await h.call("GET", "/api/admin/me", { cookie }), 401, "unauthenticated");
    expect((await h.call("POST", "/api/admin/logout")).status).toBe(204);
  });

  it("refuses missing, garbage and participant credentials on admin routes", async () => {
    expectError(await h.call("GET", "/api/admin/me"), 401, "unauthenticated");
    expectError(await h.call("GET", "/api/admin/me", { cookie: "plenum_admin=garbage" }), 401);
    expectError(await h.call("GET", "/api/events", { bearer: "x".repeat(43) }), 401);
    const f = await eventWithParticipants(h, ["Pia"]);
    expectError(await h.call("GET", "/api/admin/me", { bearer: f.tokens[0]! }), 401);
    expectError(await h.call("GET", `/api/events/${f.eventId}/participants`, { cookie: `plenum_participant=${f.tokens[0]}` }), 401);
    expectError(await h.call("GET", `/api/events/${f.eventId}/participants`, { cookie: `plenum_admin=${f.tokens[0]}` }), 401);
  });

  it("changes the password only with the current one", async () => {
    const email = "chair-pw@example.org";
    const f = await eventWithParticipants(h, []);
    const chair = await h.adminWithRole(f.owner, f.eventId, "chair", email);
    expectError(
      await h.call("PUT", "/api/admin/password", {
        ...chair,
        body: { currentPassword: "wrong-password", newPassword: "another-password" },
      }),
      403,
      "wrong_password",
    );
    expectError(
      await h.call("PUT", "/api/admin/password", { ...chair, body: { currentPassword: "long-enough-password", newPassword: "short" } }),
      400,
      "invalid",
    );
    await h.login(email, "long-enough-password"); // unchanged after both refusals
    expect(
      (
        await h.call("PUT", "/api/admin/password", {
          ...chair,
          body: { currentPassword: "long-enough-password", newPassword: "another-password" },
        })
      ).status,
    ).toBe(204);
    await h.login(email, "another-password");
  });
});

describe("ending sessions", () => {
  it("a password change ends every other session of the admin and keeps the current one", async () => {
    const f = await eventWithParticipants(h, []);
    const email = "chair-sessions@example.org";
    const laptop = await h.adminWithRole(f.owner, f.eventId, "chair", email);
    const phone = await h.login(email, "long-enough-password");
    const body = { currentPassword: "long-enough-password", newPassword: "a-new-password" };
    expect((await h.call("PUT", "/api/admin/password", { ...laptop, body })).status).toBe(204);
    expect((await h.call("GET", "/api/admin/me", laptop)).status).toBe(200);
    expectError(await h.call("GET", "/api/admin/me", phone), 401, "unauthenticated");
    expect((await h.call("GET", "/api/admin/me", f.owner)).status).toBe(200);
  });

  it("signs out everywhere: every session of the admin ends, this one included, and nobody else's", async () => {
    const f = await eventWithParticipants(h, []);
    const email = "chair-everywhere@example.org";
    const laptop = await h.adminWithRole(f.owner, f.eventId, "chair", email);
    const phone = await h.login(email, "long-enough-password");
    const reply = await h.call("POST", "/api/admin/sessions/revoke-all", laptop);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ ended: 2 });
    expect(reply.cookies.find((c) => c.name === "plenum_admin")?.value).toBe("");
    for (const session of [laptop, phone]) expectError(await h.call("GET", "/api/admin/me", session), 401, "unauthenticated");
    expect((await h.call("GET", "/api/admin/me", f.owner)).status).toBe(200);
    expectError(await h.call("POST", "/api/admin/sessions/revoke-all", laptop), 401, "unauthenticated");
    // Signing in again works: the account is untouched.
    await h.login(email, "long-enough-password");
  });
});

describe("error shape", () => {
  it("answers malformed JSON, wrong types, unknown keys and empty bodies with 400", async () => {
    const bad = await h.call("POST", "/api/admin/login", { body: '{"email": "a@b.c", "password": ', contentType: "application/json" });
    expectError(bad, 400, "malformed_json");
    expectError(await h.call("POST", "/api/admin/login", { body: '{"__proto__": {"x": 1}}', contentType: "application/json" }), 400);
    const wrongType = expectError(await h.call("POST", "/api/admin/login", { body: { email: 42, password: [] } }), 400, "invalid");
    expect(wrongType.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "email" }), expect.objectContaining({ path: "password" })]),
    );
    expectError(await h.call("POST", "/api/admin/login"), 400, "invalid");
    const owner = await h.login();
    expectError(await h.call("POST", "/api/events", { ...owner, body: { name: "x", colour: "red" } }), 400, "invalid");
    expect(
      (await h.call("GET", "/api/events", owner)).json.events.filter((e: { event: { name: string } }) => e.event.name === "x"),
    ).toEqual([]);
  });

  it("answers oversized bodies with 413 and unknown routes with 404, in the same shape", async () => {
    expectError(await h.call("POST", "/api/admin/login", { body: { email: "a@b.c", password: "x".repeat(5000) } }), 413, "body_too_large");
    expectError(await h.call("GET", "/api/nothing-here"), 404, "not_found");
    expectError(
      await h.call("POST", "/api/admin/login", { body: "<xml/>", contentType: "application/xml" }),
      415,
      "unsupported_media_type",
    );
  });

  it("leaves paths outside /api to the host app's own not-found handler", async () => {
    const { buildApp } = await import("../../src/http/app.ts");
    const app = await buildApp({ store: h.store });
    try {
      app.setNotFoundHandler((_request, reply) => reply.status(200).type("text/html").send("<!doctype html>spa"));
      expect((await app.inject({ url: "/events/123" })).body).toBe("<!doctype html>spa");
      expect((await app.inject({ url: "/api/unknown" })).json()).toEqual({
        error: { code: "not_found", message: "no route for GET /api/unknown" },
      });
    } finally {
      await app.close();
    }
  });
});

describe("cookies behind https", () => {
  it("are Secure when secureCookies is set", async () => {
    const secure = await Harness.start({ secureCookies: true });
    try {
      const login = await secure.call("POST", "/api/admin/login", { body: OWNER });
      expect(login.cookies.find((c) => c.name === "plenum_admin")).toMatchObject({ secure: true, httpOnly: true });
    } finally {
      await secure.close();
    }
  });
});

describe("login rate limit", () => {
  it("counts failures per address, returns 429 with Retry-After, and then refuses even the right password", async () => {
    const other = await Harness.start({ rateLimit: { login: { limit: 3, windowMs: 60_000 } } });
    try {
      for (let i = 0; i < 3; i++) {
        expectError(
          await other.call("POST", "/api/admin/login", { body: { email: OWNER.email, password: "wrong-password" } }),
          401,
          "invalid_credentials",
        );
      }
      const limited = await other.call("POST", "/api/admin/login", { body: { email: OWNER.email, password: OWNER.password } });
      expectError(limited, 429, "rate_limited");
      expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
      expectError(
        await other.call("POST", "/api/admin/login", { body: { email: "nobody@example.org", password: "whatever-password" } }),
        429,
      );
    } finally {
      await other.close();
    }
  });

  it("does not count successful sign-ins", async () => {
    for (let i = 0; i < 5; i++) await h.login();
  });
});

describe("first admin bootstrap", () => {
  it("creates the admin once and never resets a changed password", async () => {
    const first = await Harness.start({ bootstrapAdmin: { email: "boot@example.org", password: "bootstrap-password" } });
    try {
      const admin = await first.store.admins.findByEmail("boot@example.org");
      expect(admin?.name).toBe("Administrator");
      const session = await first.login("boot@example.org", "bootstrap-password");
      await first.call("PUT", "/api/admin/password", {
        ...session,
        body: { currentPassword: "bootstrap-password", newPassword: "changed-password" },
      });
      const { buildApp } = await import("../../src/http/app.ts");
      const again = await buildApp({ store: first.store, bootstrapAdmin: { email: "boot@example.org", password: "bootstrap-password" } });
      await again.close();
      await first.login("boot@example.org", "changed-password");
      await expect(buildApp({ store: first.store, bootstrapAdmin: { email: "weak@example.org", password: "short" } })).rejects.toThrow(
        /bootstrap admin password/,
      );
      expect(await first.store.admins.findByEmail("weak@example.org")).toBeUndefined();
    } finally {
      await first.close();
    }
  });
});
