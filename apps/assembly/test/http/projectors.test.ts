import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, createMotion, eventWithParticipants, expectError, type EventFixture } from "./harness.ts";

/** A poll of the fixture's item taken to `status` (draft, open, closed or published). */
async function pollIn(h: Harness, f: EventFixture, title: string, status: "draft" | "open" | "closed" | "published"): Promise<string> {
  const created = await h.call("POST", `/api/events/${f.eventId}/polls`, {
    ...f.owner,
    body: { agendaItemId: f.agendaItemId, title, kind: "yes_no_abstain" },
  });
  expect(created.status, created.text).toBe(201);
  const pollId: string = created.json.poll.id;
  const steps = ["open", "close", "publish"].slice(0, ["draft", "open", "closed", "published"].indexOf(status));
  for (const step of steps) expect((await h.call("POST", `/api/events/${f.eventId}/polls/${pollId}/${step}`, f.owner)).status).toBe(200);
  return pollId;
}

describe.each(["sqlite", "postgres"] as const)("projectors over HTTP on %s", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({}, backend);
  });
  afterAll(async () => {
    await h.close();
  });

  it("adds, renames, switches and removes screens, each one audited and re-rendering the screens' view", async () => {
    const f = await eventWithParticipants(h, ["Anke"]);
    const base = `/api/events/${f.eventId}/projectors`;
    const older = await pollIn(h, f, "Budget", "published");
    await pollIn(h, f, "Statutes", "published");
    h.takeEffects();

    const hall = await h.call("POST", base, { ...f.owner, body: { name: "Hall" } });
    expect(hall.status, hall.text).toBe(201);
    expect(hall.json.projector).toMatchObject({ name: "Hall", eventId: f.eventId, content: { kind: "auto" } });
    const hallId: string = hall.json.projector.id;
    const foyerId: string = (await h.call("POST", base, { ...f.owner, body: { name: "Foyer" } })).json.projector.id;
    expect((await h.call("PATCH", `${base}/${foyerId}`, { ...f.owner, body: { name: "Foyer East" } })).json.projector.name).toBe(
      "Foyer East",
    );

    // The older poll's result, though a newer one was published since.
    const shown = await h.call("PUT", `${base}/${hallId}/content`, { ...f.owner, body: { content: { kind: "poll", pollId: older } } });
    expect(shown.status, shown.text).toBe(200);
    expect(shown.json.projector.content).toEqual({ kind: "poll", pollId: older });
    const motion = await createMotion(h, f);
    const list = await h.call("POST", `/api/events/${f.eventId}/speakers`, { ...f.owner, body: { agendaItemId: f.agendaItemId } });
    const announcement = await h.call("POST", `/api/events/${f.eventId}/announcements`, {
      ...f.owner,
      body: { title: "Lunch", body: "At 12" },
    });
    h.takeEffects();
    for (const content of [
      { kind: "blank" },
      { kind: "agendaItem", agendaItemId: f.agendaItemId },
      { kind: "motion", motionId: motion.id },
      { kind: "speakers", listId: list.json.list.id },
      { kind: "announcement", announcementId: announcement.json.announcement.id },
      { kind: "countdown", label: "Break", durationSeconds: 600 },
      { kind: "countdown", label: "Back at", at: "23:59" },
    ]) {
      const reply = await h.call("PUT", `${base}/${foyerId}/content`, { ...f.owner, body: { content } });
      expect(reply.status, reply.text).toBe(200);
    }
    const listed = await h.call("GET", base, f.owner);
    expect(listed.json.projectors.map((p: { name: string }) => p.name)).toEqual(["Hall", "Foyer East"]);
    expect(listed.json.projectors[1].content).toMatchObject({ kind: "countdown", label: "Back at" });
    expect(Date.parse(listed.json.projectors[1].content.endsAt)).toBeGreaterThan(Date.now());
    expect((await h.call("DELETE", `${base}/${foyerId}`, f.owner)).status).toBe(204);
    expect((await h.call("GET", base, f.owner)).json.projectors.map((p: { id: string }) => p.id)).toEqual([hallId]);
    expect(h.takeEffects()).toEqual(Array.from({ length: 8 }, () => ({ kind: "projectors", eventId: f.eventId })));

    const entries = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries as {
      action: string;
      subject: string;
      before: unknown;
      after: unknown;
    }[];
    const audited = entries.filter((entry) => entry.action.startsWith("projector."));
    expect(audited.map((entry) => entry.action)).toEqual([
      "projector.create",
      "projector.create",
      "projector.rename",
      "projector.show",
      ...Array.from({ length: 7 }, () => "projector.show"),
      "projector.delete",
    ]);
    expect(audited[3]).toMatchObject({ subject: hallId, before: { kind: "auto" }, after: { kind: "poll", pollId: older } });
  });

  it("refuses drafts, withdrawn announcements, other events' things, bad input, observers and foreign origins, changing nothing", async () => {
    const f = await eventWithParticipants(h, []);
    const other = await eventWithParticipants(h, []);
    const base = `/api/events/${f.eventId}/projectors`;
    const hallId: string = (await h.call("POST", base, { ...f.owner, body: { name: "Hall" } })).json.projector.id;
    const otherScreen: string = (
      await h.call("POST", `/api/events/${other.eventId}/projectors`, { ...other.owner, body: { name: "Hall" } })
    ).json.projector.id;
    const draft = await pollIn(h, f, "Draft", "draft");
    const foreignPoll = await pollIn(h, other, "Theirs", "published");
    const withdrawn = await h.call("POST", `/api/events/${f.eventId}/announcements`, { ...f.owner, body: { title: "Oops", body: "" } });
    const withdrawnId: string = withdrawn.json.announcement.id;
    await h.call("DELETE", `/api/events/${f.eventId}/announcements/${withdrawnId}`, f.owner);
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", `projector-observer-${backend}@example.org`);
    h.takeEffects();

    const show = (content: unknown, who = f.owner, projectorId = hallId) =>
      h.call("PUT", `${base}/${projectorId}/content`, { ...who, body: { content } });
    expectError(await show({ kind: "poll", pollId: draft }), 409, "invalid_transition");
    expectError(await show({ kind: "poll", pollId: foreignPoll }), 404, "not_found");
    expectError(await show({ kind: "announcement", announcementId: withdrawnId }), 409, "invalid_transition");
    expectError(await show({ kind: "agendaItem", agendaItemId: other.agendaItemId }), 404, "not_found");
    expectError(await show({ kind: "motion", motionId: "no-such-motion" }), 404, "not_found");
    expectError(await show({ kind: "speakers", listId: "no-such-list" }), 404, "not_found");
    expectError(await show({ kind: "election", electionId: draft }), 404, "not_found");
    expectError(await show({ kind: "poll" }), 400, "invalid");
    expectError(await show({ kind: "countdown", label: "", durationSeconds: 0 }), 400, "invalid");
    expectError(await show({ kind: "countdown", label: "", at: "25:00" }), 400, "invalid");
    expectError(await show({ kind: "countdown", label: "", endsAt: "2020-01-01T00:00:00Z" }), 400, "invalid");
    expectError(await show({ kind: "blank", extra: 1 }), 400, "invalid");
    expectError(await show({ kind: "blank" }, f.owner, otherScreen), 404, "not_found");
    expectError(await show({ kind: "blank" }, observer), 403, "forbidden");
    expectError(await h.call("POST", base, { ...observer, body: { name: "Observer's" } }), 403, "forbidden");
    expectError(await h.call("POST", base, { ...f.owner, body: { name: "HALL" } }), 409, "conflict");
    expectError(await h.call("POST", base, { ...f.owner, body: { name: " " } }), 400, "invalid");
    expectError(await h.call("DELETE", `${base}/${otherScreen}`, f.owner), 404, "not_found");
    expectError(
      await h.call("PUT", `${base}/${hallId}/content`, {
        ...f.owner,
        headers: { origin: "https://evil.example" },
        body: { content: { kind: "blank" } },
      }),
      403,
      "forbidden_origin",
    );
    expectError(await h.call("GET", base), 401, "unauthenticated");

    // The observer reads, and nothing above changed a screen or left an entry.
    expect((await h.call("GET", base, observer)).json.projectors).toEqual([
      expect.objectContaining({ id: hallId, content: { kind: "auto" } }),
    ]);
    expect((await h.call("GET", `/api/events/${other.eventId}/projectors`, other.owner)).json.projectors).toHaveLength(1);
    expect(h.takeEffects()).toEqual([]);
    const actions = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries.map((e: { action: string }) => e.action);
    expect(actions.filter((action: string) => action.startsWith("projector."))).toEqual(["projector.create"]);
  });
});
