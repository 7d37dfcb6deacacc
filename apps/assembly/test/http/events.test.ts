import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, expectError, type Credentials } from "./harness.ts";

let h: Harness;
let owner: Credentials;
beforeAll(async () => {
  h = await Harness.start();
  owner = await h.login();
});
afterAll(async () => {
  await h.close();
});

async function newEvent(name = "Convention"): Promise<string> {
  const reply = await h.call("POST", "/api/events", {
    ...owner,
    body: { name, timezone: "Europe/Berlin", settings: { proxyCapPerDelegate: 2 } },
  });
  expect(reply.status).toBe(201);
  expect(reply.json).toMatchObject({ role: "owner", event: { name, status: "draft", settings: { proxyCapPerDelegate: 2 } } });
  return reply.json.event.id;
}

describe("events", () => {
  it("lists the admin's events with roles and shows one with participant counts", async () => {
    const eventId = await newEvent("Listed");
    const list = await h.call("GET", "/api/events", owner);
    expect(list.json.events).toEqual(
      expect.arrayContaining([expect.objectContaining({ role: "owner", event: expect.objectContaining({ id: eventId }) })]),
    );
    const one = await h.call("GET", `/api/events/${eventId}`, owner);
    expect(one.json).toMatchObject({ role: "owner", event: { id: eventId }, counts: { total: 0, present: 0 } });
  });

  it("updates name, timezone and settings, auditing before and after", async () => {
    const eventId = await newEvent();
    const patched = await h.call("PATCH", `/api/events/${eventId}`, {
      ...owner,
      body: { name: "Renamed", settings: { presentOnlyVoting: true } },
    });
    expect(patched.json.event).toMatchObject({ name: "Renamed", settings: { presentOnlyVoting: true, proxyCapPerDelegate: 2 } });
    const audit = await h.call("GET", `/api/events/${eventId}/audit`, owner);
    expect(audit.json.entries.at(-1)).toMatchObject({ action: "event.update", before: { name: "Convention" }, after: { name: "Renamed" } });
  });

  it("refuses bad input and changes nothing", async () => {
    const eventId = await newEvent("Stable");
    expectError(await h.call("POST", "/api/events", { ...owner, body: { name: "" } }), 400, "invalid");
    expectError(
      await h.call("POST", "/api/events", { ...owner, body: { name: "Tz", timezone: "Mars/Olympus" } }),
      400,
      "unknown_time_zone",
    );
    expectError(
      await h.call("PATCH", `/api/events/${eventId}`, { ...owner, body: { settings: { proxyCapPerDelegate: -1 } } }),
      400,
      "invalid",
    );
    expectError(await h.call("PATCH", `/api/events/${eventId}`, { ...owner, body: { name: 7 } }), 400, "invalid");
    expectError(
      await h.call("PATCH", `/api/events/${eventId}`, { ...owner, body: "{bad", contentType: "application/json" }),
      400,
      "malformed_json",
    );
    // Who may not act learns nothing about what would be valid.
    expectError(await h.call("PATCH", `/api/events/${eventId}`, { body: { name: 7 } }), 401, "unauthenticated");
    const after = await h.call("GET", `/api/events/${eventId}`, owner);
    expect(after.json.event).toMatchObject({ name: "Stable", timezone: "Europe/Berlin", settings: { proxyCapPerDelegate: 2 } });
    expect((await h.call("GET", "/api/events", owner)).json.events.map((e: { event: { name: string } }) => e.event.name)).not.toContain(
      "Tz",
    );
  });

  it("tells the live layer about every change to an event, and nothing about a new one nobody watches yet", async () => {
    h.takeEffects();
    const eventId = await newEvent("Watched");
    expect(h.takeEffects()).toEqual([]);
    await h.call("PATCH", `/api/events/${eventId}`, { ...owner, body: { name: "Watched closely" } });
    await h.call("POST", `/api/events/${eventId}/open`, owner);
    await h.call("POST", `/api/events/${eventId}/close`, owner);
    // Opening checks nobody in: presence is stated by the member or a chair.
    expect(h.takeEffects()).toEqual([
      { kind: "event", eventId },
      { kind: "event", eventId },
      { kind: "event", eventId },
    ]);
    expectError(await h.call("POST", `/api/events/${eventId}/close`, owner), 409, "invalid_transition");
    expect(h.takeEffects()).toEqual([]);
  });

  it("opens and closes, refusing transitions the state machine forbids", async () => {
    const eventId = await newEvent();
    expectError(await h.call("POST", `/api/events/${eventId}/close`, owner), 409, "invalid_transition");
    expect((await h.call("POST", `/api/events/${eventId}/open`, owner)).json.event.status).toBe("open");
    expectError(await h.call("POST", `/api/events/${eventId}/open`, owner), 409, "invalid_transition");
    expect((await h.call("POST", `/api/events/${eventId}/close`, owner)).json.event.status).toBe("closed");
    expect((await h.call("POST", `/api/events/${eventId}/open`, owner)).json.event.status).toBe("open");
  });

  it("scopes every event route to the admin's roles", async () => {
    const eventId = await newEvent("Mine");
    const otherEvent = await newEvent("Theirs");
    const stranger = await h.adminWithRole(owner, otherEvent, "owner", "stranger@example.org");
    const observer = await h.adminWithRole(owner, eventId, "observer", "observer@example.org");
    const chair = await h.adminWithRole(owner, eventId, "chair", "chair@example.org");

    expectError(await h.call("GET", `/api/events/${eventId}`, stranger), 403, "forbidden");
    expectError(await h.call("PATCH", `/api/events/${eventId}`, { ...stranger, body: { name: "Hijacked" } }), 403, "forbidden");
    expectError(await h.call("POST", `/api/events/${eventId}/open`, stranger), 403);
    expect((await h.call("GET", `/api/events/${eventId}`, observer)).json.role).toBe("observer");
    expectError(await h.call("PATCH", `/api/events/${eventId}`, { ...observer, body: { name: "Observed" } }), 403, "forbidden");
    expectError(await h.call("POST", `/api/events/${eventId}/open`, observer), 403);
    expectError(await h.call("PATCH", `/api/events/${eventId}`, { ...chair, body: { name: "Chaired" } }), 403, "forbidden");
    expect((await h.call("POST", `/api/events/${eventId}/open`, chair)).status).toBe(200);

    expectError(await h.call("GET", "/api/events/00000000-0000-0000-0000-000000000000", owner), 404, "not_found");
    expectError(await h.call("GET", `/api/events/${eventId}`), 401);
    const after = await h.call("GET", `/api/events/${eventId}`, owner);
    expect(after.json.event.name).toBe("Mine");
  });
});

describe("roles", () => {
  it("grants to new and existing admins, lists, changes and revokes, all audited", async () => {
    const eventId = await newEvent("Roles");
    const created = await h.call("PUT", `/api/events/${eventId}/roles`, {
      ...owner,
      body: { email: "New.Chair@example.org", role: "chair", name: "New Chair", password: "initial-password" },
    });
    expect(created.json).toMatchObject({ eventId, role: "chair", admin: { email: "new.chair@example.org", name: "New Chair" } });
    expect(created.text).not.toContain("passwordHash");
    const adminId: string = created.json.admin.id;
    await h.login("new.chair@example.org", "initial-password");
    const changed = await h.call("PUT", `/api/events/${eventId}/roles`, {
      ...owner,
      body: { email: "new.chair@example.org", role: "observer" },
    });
    expect(changed.json.role).toBe("observer");
    const listed = await h.call("GET", `/api/events/${eventId}/roles`, owner);
    expect(listed.json.roles.map((r: { role: string; admin: { email: string } }) => [r.admin.email, r.role]).sort()).toEqual([
      ["new.chair@example.org", "observer"],
      ["owner@example.org", "owner"],
    ]);
    expect((await h.call("DELETE", `/api/events/${eventId}/roles/${adminId}`, owner)).status).toBe(204);
    expect((await h.call("GET", `/api/events/${eventId}/roles`, owner)).json.roles).toHaveLength(1);
    const actions = (await h.call("GET", `/api/events/${eventId}/audit`, owner)).json.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(["event.create", "role.grant", "role.grant", "role.revoke"]);
  });

  it("refuses unknown emails without credentials, chairs managing roles, and removing the last owner", async () => {
    const eventId = await newEvent("Roles 2");
    expectError(
      await h.call("PUT", `/api/events/${eventId}/roles`, { ...owner, body: { email: "ghost@example.org", role: "chair" } }),
      400,
      "invalid",
    );
    expectError(
      await h.call("PUT", `/api/events/${eventId}/roles`, {
        ...owner,
        body: { email: "x@example.org", role: "king", name: "X", password: "long-password-x" },
      }),
      400,
      "invalid",
    );
    const chair = await h.adminWithRole(owner, eventId, "chair", "roles-chair@example.org");
    expectError(
      await h.call("PUT", `/api/events/${eventId}/roles`, { ...chair, body: { email: "roles-chair@example.org", role: "owner" } }),
      403,
      "forbidden",
    );
    const me = (await h.call("GET", "/api/admin/me", owner)).json.admin.id;
    expectError(await h.call("DELETE", `/api/events/${eventId}/roles/${me}`, owner), 409, "last_owner");
    const roles = (await h.call("GET", `/api/events/${eventId}/roles`, chair)).json.roles;
    expect(roles.map((r: { role: string }) => r.role).sort()).toEqual(["chair", "owner"]);
    expect(await h.store.admins.findByEmail("ghost@example.org")).toBeUndefined();
  });

  it("answers 404 for removing a role the admin does not have, and changes and audits nothing", async () => {
    const eventA = await newEvent("Roles A");
    const eventB = await newEvent("Roles B");
    await h.adminWithRole(owner, eventB, "chair", "only-in-b@example.org");
    const adminId = (await h.store.admins.findByEmail("only-in-b@example.org"))!.id;
    const auditBefore = (await h.call("GET", `/api/events/${eventA}/audit`, owner)).json.entries.length;
    expectError(await h.call("DELETE", `/api/events/${eventA}/roles/${adminId}`, owner), 404, "not_found");
    expectError(await h.call("DELETE", `/api/events/${eventA}/roles/no-such-admin`, owner), 404, "not_found");
    expect((await h.call("GET", `/api/events/${eventA}/audit`, owner)).json.entries).toHaveLength(auditBefore);
    expect(await h.store.roles.get(eventB, adminId)).toBe("chair");
    // Removing the existing role writes its entry.
    expect((await h.call("DELETE", `/api/events/${eventB}/roles/${adminId}`, owner)).status).toBe(204);
    const entries = (await h.call("GET", `/api/events/${eventB}/audit`, owner)).json.entries;
    expect(entries.at(-1)).toMatchObject({ action: "role.revoke", subject: adminId, before: "chair" });
  });
});
