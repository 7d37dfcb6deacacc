import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, eventWithParticipants, expectError } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(async () => {
  await h.close();
});

describe("agenda", () => {
  it("adds, edits, moves and deletes items, auditing each", async () => {
    const f = await eventWithParticipants(h, []);
    const base = `/api/events/${f.eventId}/agenda`;
    h.takeEffects();
    const second = await h.call("POST", base, { ...f.owner, body: { title: "Elections", description: "Board" } });
    expect(second.status).toBe(201);
    const secondId: string = second.json.item.id;
    expect((await h.call("PATCH", `${base}/${secondId}`, { ...f.owner, body: { title: "Board elections" } })).json.item).toMatchObject({
      title: "Board elections",
      description: "Board",
    });
    const moved = await h.call("POST", `${base}/${secondId}/move`, { ...f.owner, body: { position: 0 } });
    expect(moved.json.items.map((item: { title: string }) => item.title)).toEqual(["Board elections", "Motions"]);
    expect((await h.call("DELETE", `${base}/${secondId}`, f.owner)).status).toBe(204);
    expect((await h.call("GET", base, f.owner)).json.items.map((item: { title: string }) => item.title)).toEqual(["Motions"]);
    // Each of the four writes re-renders the event's views; the read does not.
    expect(h.takeEffects()).toEqual(Array.from({ length: 4 }, () => ({ kind: "event", eventId: f.eventId })));
    const actions = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.map((e: { action: string }) => e.action);
    expect(actions.filter((action: string) => action.startsWith("agenda."))).toEqual([
      "agenda.add",
      "agenda.add",
      "agenda.update",
      "agenda.move",
      "agenda.delete",
    ]);
  });

  it("refuses bad input, other events' items, observers and items with polls, changing nothing", async () => {
    const f = await eventWithParticipants(h, []);
    const other = await eventWithParticipants(h, []);
    const base = `/api/events/${f.eventId}/agenda`;
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", "agenda-observer@example.org");
    expectError(await h.call("POST", base, { ...f.owner, body: { title: "   " } }), 400, "invalid");
    expectError(await h.call("POST", base, { ...f.owner, body: { title: ["x"] } }), 400, "invalid");
    expectError(await h.call("POST", `${base}/${f.agendaItemId}/move`, { ...f.owner, body: { position: -1 } }), 400, "invalid");
    expectError(await h.call("PATCH", `${base}/${other.agendaItemId}`, { ...f.owner, body: { title: "Stolen" } }), 404, "not_found");
    expectError(await h.call("DELETE", `/api/events/${other.eventId}/agenda/${other.agendaItemId}`, observer), 403, "forbidden");
    expectError(await h.call("POST", base, { ...observer, body: { title: "Observer item" } }), 403, "forbidden");
    expectError(await h.call("PATCH", `${base}/unknown-id`, { ...f.owner, body: { title: "Nope" } }), 404);
    await h.call("POST", `/api/events/${f.eventId}/polls`, {
      ...f.owner,
      body: { agendaItemId: f.agendaItemId, title: "P", kind: "yes_no_abstain" },
    });
    expectError(await h.call("DELETE", `${base}/${f.agendaItemId}`, f.owner), 409, "conflict");
    expect((await h.call("GET", base, observer)).json.items).toEqual([expect.objectContaining({ id: f.agendaItemId, title: "Motions" })]);
    expect((await h.call("GET", `/api/events/${other.eventId}/agenda`, other.owner)).json.items).toEqual([
      expect.objectContaining({ title: "Motions" }),
    ]);
  });
});

describe("announcements", () => {
  it("publishes and lists newest first; chairs may, observers may not", async () => {
    const f = await eventWithParticipants(h, ["Ann"]);
    const base = `/api/events/${f.eventId}/announcements`;
    const chair = await h.adminWithRole(f.owner, f.eventId, "chair", "ann-chair@example.org");
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", "ann-observer@example.org");
    h.takeEffects();
    expect((await h.call("POST", base, { ...f.owner, body: { title: "Welcome", body: "Hello" } })).status).toBe(201);
    expect((await h.call("POST", base, { ...chair, body: { title: "Lunch", body: "At 12", agendaItemId: f.agendaItemId } })).status).toBe(
      201,
    );
    expectError(await h.call("POST", base, { ...observer, body: { title: "No", body: "" } }), 403);
    expectError(await h.call("POST", base, { ...f.owner, body: { title: "No body" } }), 400, "invalid");
    expect(h.takeEffects()).toEqual([
      { kind: "event", eventId: f.eventId },
      { kind: "event", eventId: f.eventId },
    ]);
    expectError(await h.call("POST", base, { ...f.owner, body: { title: "Bad item", body: "x", agendaItemId: "nope" } }), 404);
    expect(h.takeEffects()).toEqual([]);
    const listed = await h.call("GET", base, observer);
    expect(listed.json.announcements.map((a: { title: string }) => a.title)).toEqual(["Lunch", "Welcome"]);
    const seen = await h.call("GET", "/api/participant/event", { bearer: f.tokens[0]! });
    expect(seen.json.announcements.map((a: { title: string }) => a.title)).toEqual(["Lunch", "Welcome"]);
  });

  it("corrects and withdraws announcements, audited, and refuses all three once the event is closed", async () => {
    const f = await eventWithParticipants(h, ["Bea"]);
    const other = await eventWithParticipants(h, []);
    const base = `/api/events/${f.eventId}/announcements`;
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", "correct-observer@example.org");
    const made = await h.call("POST", base, { ...f.owner, body: { title: "Mittagspause", body: "Um 12 Uhr" } });
    const id: string = made.json.announcement.id;
    const kept = await h.call("POST", base, { ...f.owner, body: { title: "Willkommen", body: "Hallo" } });
    h.takeEffects();

    const edited = await h.call("PATCH", `${base}/${id}`, { ...f.owner, body: { title: "Mittagspause", body: "Um 12:30 Uhr" } });
    expect(edited.json.announcement).toMatchObject({ body: "Um 12:30 Uhr", editedAt: expect.any(String), withdrawnAt: null });
    expect(h.takeEffects()).toEqual([{ kind: "event", eventId: f.eventId }]);
    expectError(await h.call("PATCH", `${base}/${id}`, { ...observer, body: { title: "x", body: "y" } }), 403);
    expectError(await h.call("PATCH", `${base}/${id}`, { ...f.owner, body: { title: "", body: "y" } }), 400, "invalid");
    expectError(
      await h.call("PATCH", `/api/events/${other.eventId}/announcements/${id}`, { ...other.owner, body: { title: "x", body: "y" } }),
      404,
    );

    const withdrawn = await h.call("DELETE", `${base}/${id}`, f.owner);
    expect(withdrawn.json.announcement.withdrawnAt).toEqual(expect.any(String));
    expectError(await h.call("DELETE", `${base}/${id}`, f.owner), 409, "invalid_transition");
    expectError(await h.call("PATCH", `${base}/${id}`, { ...f.owner, body: { title: "x", body: "y" } }), 409, "invalid_transition");
    const seen = await h.call("GET", "/api/participant/event", { bearer: f.tokens[0]! });
    expect(seen.json.announcements.map((a: { title: string }) => a.title)).toEqual(["Willkommen"]);
    const listed = (await h.call("GET", base, observer)).json.announcements as { id: string; withdrawnAt: string | null }[];
    expect(listed.map((a) => [a.id, a.withdrawnAt !== null])).toEqual([
      [kept.json.announcement.id, false],
      [id, true],
    ]);
    const audit = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(["announcement.edit", "announcement.withdraw"]));

    expect((await h.call("POST", `/api/events/${f.eventId}/close`, f.owner)).status).toBe(200);
    expectError(await h.call("POST", base, { ...f.owner, body: { title: "Zu spät", body: "x" } }), 409, "event_closed");
    const keptId: string = kept.json.announcement.id;
    expectError(await h.call("PATCH", `${base}/${keptId}`, { ...f.owner, body: { title: "x", body: "y" } }), 409, "event_closed");
    expectError(await h.call("DELETE", `${base}/${keptId}`, f.owner), 409, "event_closed");
  });
});
