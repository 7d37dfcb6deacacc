import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, eventWithParticipants, expectError } from "./harness.ts";

/*
 * What each write of participants, attendance, proxies, roles and sessions
 * tells the live layer once it committed: the chairs' lists, a participant's
 * own view, every participant view (proxies), closed sockets. A refused write
 * tells it nothing.
 */

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(async () => {
  await h.close();
});

const participantCookie = (token: string) => ({ bearer: token });

describe("live effects", () => {
  it("of participants: adding and importing refresh the lists, an edit or a check-in also the participant's own view", async () => {
    const f = await eventWithParticipants(h, ["Anna", "Bert"]);
    const { eventId } = f;
    const [anna, bert] = f.participantIds as [string, string];
    const base = `/api/events/${eventId}/participants`;
    h.takeEffects();

    await h.call("POST", base, { ...f.owner, body: { name: "Carla", email: "carla@example.org" } });
    expect(h.takeEffects()).toEqual([{ kind: "participants", eventId }]);

    const csv = "name,email\nDora,dora@example.org\n";
    expect((await h.call("POST", `${base}/import`, { ...f.owner, body: csv, contentType: "text/csv" })).status).toBe(200);
    expect(h.takeEffects()).toEqual([{ kind: "participants", eventId }]);
    expectError(await h.call("POST", `${base}/import`, { ...f.owner, body: csv, contentType: "text/csv" }), 422, "csv_invalid");
    expect(h.takeEffects()).toEqual([]);

    const own = [
      { kind: "participants", eventId },
      { kind: "participant", eventId, participantId: anna },
    ];
    await h.call("PATCH", `${base}/${anna}`, { ...f.owner, body: { group: "Nord" } });
    expect(h.takeEffects()).toEqual(own);
    expect((await h.call("POST", `${base}/${anna}/presence`, f.owner)).json).toEqual({ present: true, changed: true });
    expect(h.takeEffects()).toEqual(own);
    expect((await h.call("DELETE", `${base}/${anna}/presence`, f.owner)).json).toEqual({ present: false, changed: true });
    expect(h.takeEffects()).toEqual(own);

    await h.call("GET", base, f.owner);
    await h.call("GET", `${base}/${bert}`, f.owner);
    expect(h.takeEffects()).toEqual([]);
  });

  it("of the participant side: self check-in and -out refresh their view and the lists; taking a proxy back every view", async () => {
    const f = await eventWithParticipants(h, ["Anna", "Bert"]);
    const { eventId } = f;
    const [anna, bert] = f.participantIds as [string, string];
    const annaCall = participantCookie(f.tokens[0]!);
    h.takeEffects();

    expect((await h.call("POST", "/api/participant/session", { body: { token: f.tokens[0] } })).status).toBe(200);
    expect(h.takeEffects()).toEqual([]);

    expect((await h.call("POST", "/api/participant/presence", annaCall)).json).toEqual({ present: true, changed: true });
    expect(h.takeEffects()).toEqual([
      { kind: "participants", eventId },
      { kind: "participant", eventId, participantId: anna },
    ]);
    await h.call("POST", `/api/events/${eventId}/proxies`, { ...f.owner, body: { principalId: anna, delegateId: bert } });
    expect(h.takeEffects()).toEqual([{ kind: "proxies", eventId }]);
    expect((await h.call("DELETE", "/api/participant/proxy", annaCall)).status).toBe(204);
    expect(h.takeEffects()).toEqual([{ kind: "proxies", eventId }]);
    expect((await h.call("DELETE", "/api/participant/presence", annaCall)).json).toEqual({ present: false, changed: true });
    expect(h.takeEffects()).toEqual([
      { kind: "participants", eventId },
      { kind: "participant", eventId, participantId: anna },
    ]);
    // Absent, she cannot take a vote back: refused, nothing changes.
    expectError(await h.call("DELETE", "/api/participant/proxy", annaCall), 403, "not_present");
    expect(h.takeEffects()).toEqual([]);
  });

  it("of proxies: granting and revoking re-render every participant view of the event", async () => {
    const f = await eventWithParticipants(h, ["Anna", "Bert"]);
    const { eventId } = f;
    const [anna, bert] = f.participantIds as [string, string];
    h.takeEffects();
    const granted = await h.call("POST", `/api/events/${eventId}/proxies`, { ...f.owner, body: { principalId: anna, delegateId: bert } });
    expect(granted.status).toBe(201);
    expect(h.takeEffects()).toEqual([{ kind: "proxies", eventId }]);
    expect((await h.call("DELETE", `/api/events/${eventId}/proxies/${anna}`, f.owner)).status).toBe(204);
    expect(h.takeEffects()).toEqual([{ kind: "proxies", eventId }]);
    expectError(await h.call("POST", `/api/events/${eventId}/proxies`, { ...f.owner, body: { principalId: anna, delegateId: anna } }), 400);
    expect(h.takeEffects()).toEqual([]);
  });

  it("of roles: granting changes nothing shown, removing ends that admin's access to this event", async () => {
    const f = await eventWithParticipants(h, []);
    const { eventId } = f;
    h.takeEffects();
    const granted = await h.call("PUT", `/api/events/${eventId}/roles`, {
      ...f.owner,
      body: { email: "chair@example.org", role: "chair", name: "Chair", password: "chair-password-1" },
    });
    expect(granted.status).toBe(200);
    expect(h.takeEffects()).toEqual([]);
    const adminId: string = granted.json.adminId;
    expect((await h.call("DELETE", `/api/events/${eventId}/roles/${adminId}`, f.owner)).status).toBe(204);
    expect(h.takeEffects()).toEqual([{ kind: "accessRevoked", eventId, adminId }]);
    expectError(await h.call("DELETE", `/api/events/${eventId}/roles/${adminId}`, f.owner), 404, "not_found");
    expect(h.takeEffects()).toEqual([]);
  });

  it("of an admin's own account: signing out, a new password and signing out everywhere close the admin's sockets", async () => {
    const owner = await h.login();
    const adminId: string = (await h.call("GET", "/api/admin/me", owner)).json.admin.id;
    const signedOut = [{ kind: "signedOut", actor: { kind: "admin", adminId } }];
    h.takeEffects();

    await h.login();
    expect(h.takeEffects()).toEqual([]);
    expect((await h.call("POST", "/api/admin/logout", await h.login())).status).toBe(204);
    expect(h.takeEffects()).toEqual(signedOut);
    // Without a valid session there is nobody to sign out.
    expect((await h.call("POST", "/api/admin/logout")).status).toBe(204);
    expect(h.takeEffects()).toEqual([]);

    const password = { currentPassword: "owner-password-1", newPassword: "owner-password-1" };
    expectError(await h.call("PUT", "/api/admin/password", { ...owner, body: { ...password, currentPassword: "wrong-password" } }), 403);
    expect(h.takeEffects()).toEqual([]);
    expect((await h.call("PUT", "/api/admin/password", { ...owner, body: password })).status).toBe(204);
    expect(h.takeEffects()).toEqual(signedOut);
    expect((await h.call("POST", "/api/admin/sessions/revoke-all", owner)).json.ended).toBeGreaterThan(0);
    expect(h.takeEffects()).toEqual(signedOut);
  });
});
