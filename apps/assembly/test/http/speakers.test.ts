import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/csv/parse.ts";
import { renderSpeakersView } from "../../src/live/views.ts";
import { type EventFixture, Harness, createMotion, eventWithParticipants, expectError } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(async () => {
  await h.close();
});

const requestId = () => `r-${randomUUID()}`;

async function openList(f: EventFixture, motionId?: string): Promise<string> {
  const opened = await h.call("POST", `/api/events/${f.eventId}/speakers`, {
    ...f.owner,
    body: { agendaItemId: f.agendaItemId, ...(motionId ? { motionId } : {}) },
  });
  expect(opened.status, opened.text).toBe(200);
  return opened.json.list.id;
}

const ask = (f: EventFixture, index: number, listId: string, body: Record<string, unknown>) =>
  h.call("POST", `/api/participant/speakers/${listId}/requests`, { bearer: f.tokens[index]!, body });

describe("lists of speakers over HTTP", () => {
  it("opens a list on a real motion of the event and its agenda item only, and names the motion in the view", async () => {
    const f = await eventWithParticipants(h, ["Anke"]);
    const other = await eventWithParticipants(h, ["Bodo"]);
    const foreign = await createMotion(h, other);
    const before = await renderSpeakersView(h.store, f.eventId);
    const open = (agendaItemId: string, motionId: string) =>
      h.call("POST", `/api/events/${f.eventId}/speakers`, { ...f.owner, body: { agendaItemId, motionId } });
    expectError(await open(f.agendaItemId, foreign.id), 404, "not_found");
    expectError(await open(f.agendaItemId, "no-such-motion"), 404, "not_found");
    const elsewhere = await h.call("POST", `/api/events/${f.eventId}/agenda`, { ...f.owner, body: { title: "Other business" } });
    const motion = await createMotion(h, f, { title: "Plant trees" });
    const refused = expectError(await open(elsewhere.json.item.id, motion.id), 409, "motion_not_on_agenda_item");
    expect(refused.message).toContain("agenda item");
    expect(await renderSpeakersView(h.store, f.eventId)).toEqual(before);

    const listId = await openList(f, motion.id);
    expect(await openList(f, motion.id)).toBe(listId);
    const view = await renderSpeakersView(h.store, f.eventId);
    expect(view.lists.map((list) => ({ id: list.id, motionId: list.motionId, motion: list.motion }))).toEqual([
      { id: listId, motionId: motion.id, motion: { number: "A1", title: "Plant trees" } },
    ]);
    await h.call("PATCH", `/api/events/${f.eventId}/motions/${motion.id}`, { ...f.owner, body: { number: "A2" } });
    expect((await renderSpeakersView(h.store, f.eventId)).lists[0]!.motion).toEqual({ number: "A2", title: "Plant trees" });
  });

  it("runs a debate: requests, a point of order ahead, two speakers with their times, closing, and everything audited", async () => {
    const f = await eventWithParticipants(h, ["Anke", "Bodo", "Cem"]);
    const listId = await openList(f);
    expect(await openList(f)).toBe(listId);
    expect(await openList(f, (await createMotion(h, f)).id)).not.toBe(listId);
    const base = `/api/events/${f.eventId}/speakers/${listId}`;
    h.takeEffects();

    const anke = await ask(f, 0, listId, { requestId: requestId() });
    expect(anke.status, anke.text).toBe(200);
    expect(anke.json.entry).toMatchObject({ participantId: f.participantIds[0], kind: "normal", state: "waiting" });
    expect(h.takeEffects()).toEqual([{ kind: "speakers", eventId: f.eventId }]);
    await ask(f, 1, listId, { requestId: requestId() });
    const order = await ask(f, 2, listId, { requestId: requestId(), kind: "point_of_order" });
    expectError(await ask(f, 2, listId, { requestId: requestId(), kind: "pro" }), 400, "invalid");

    let list = (await h.call("GET", base, f.owner)).json.list.list;
    const entryOf = (index: number) =>
      list.entries.find((entry: { participantId: string }) => entry.participantId === f.participantIds[index]);
    expect(list.queue[0]).toBe(order.json.entry.id);

    expect((await h.call("POST", `${base}/start`, { ...f.owner, body: {} })).json.list.list.queue).toHaveLength(2);
    const started = await h.call("POST", `${base}/start`, { ...f.owner, body: { entryId: anke.json.entry.id } });
    list = started.json.list.list;
    expect(entryOf(2).state).toBe("done");
    expect(entryOf(0).state).toBe("speaking");
    list = (await h.call("POST", `${base}/stop`, f.owner)).json.list.list;
    expect(entryOf(0).state).toBe("done");
    expectError(await h.call("POST", `${base}/stop`, f.owner), 409, "invalid_transition");

    expect((await h.call("POST", `${base}/close`, f.owner)).json.list.list.closed).toBe(true);
    const refused = expectError(await ask(f, 0, listId, { requestId: requestId() }), 409, "speakers_list_closed");
    expect(refused.message).toMatch(/closed/);
    expect((await h.call("POST", `${base}/reopen`, f.owner)).json.list.list.closed).toBe(false);

    const audit = await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner);
    const actions = audit.json.entries.map((entry: { action: string }) => entry.action);
    for (const action of ["speakers.open", "speakers.start", "speakers.stop", "speakers.close", "speakers.reopen"]) {
      expect(actions).toContain(action);
    }
  });

  it("stores a request sent twice once, and the chair adds, reorders and removes", async () => {
    const f = await eventWithParticipants(h, ["Dora", "Emil", "Fritz"]);
    const listId = await openList(f);
    const base = `/api/events/${f.eventId}/speakers/${listId}`;
    const id = requestId();
    const [first, second] = await Promise.all([ask(f, 0, listId, { requestId: id }), ask(f, 0, listId, { requestId: id })]);
    expect(first.status, first.text).toBe(200);
    expect(second.json.entry.id).toBe(first.json.entry.id);
    expect((await ask(f, 0, listId, { requestId: id })).json.entry.id).toBe(first.json.entry.id);
    expectError(await ask(f, 0, listId, { requestId: requestId() }), 409, "already_on_speakers_list");

    const added = await h.call("POST", `${base}/entries`, { ...f.owner, body: { participantId: f.participantIds[1] } });
    expect(added.status, added.text).toBe(200);
    const emil = added.json.list.list.queue[1];
    const moved = await h.call("POST", `${base}/entries/${emil}/move`, { ...f.owner, body: { position: 0 } });
    expect(moved.json.list.list.queue).toEqual([emil, first.json.entry.id]);
    const removed = await h.call("DELETE", `${base}/entries/${emil}`, f.owner);
    expect(removed.json.list.list.queue).toEqual([first.json.entry.id]);
    const withdrawn = await h.call("DELETE", `/api/participant/speakers/${listId}/requests/${first.json.entry.id}`, {
      bearer: f.tokens[0]!,
    });
    expect(withdrawn.json.entry).toMatchObject({ state: "removed", removedBy: "self" });
    // Someone else's entry is not theirs to withdraw.
    expectError(await h.call("DELETE", `/api/participant/speakers/${listId}/requests/${emil}`, { bearer: f.tokens[2]! }), 403, "forbidden");
    expectError(await ask(f, 0, listId, { requestId: "short" }), 400, "invalid");

    const audit = await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner);
    const move = audit.json.entries.find((entry: { action: string }) => entry.action === "speakers.move");
    expect(move.before.queue).toEqual([first.json.entry.id, emil]);
    expect(move.after.queue).toEqual([emil, first.json.entry.id]);
  });

  it("orders by the fair-order rule everyone is shown, audits its moves and refuses reordering by hand", async () => {
    const f = await eventWithParticipants(h, ["Gabi", "Hans", "Ida"]);
    const listId = await openList(f);
    const base = `/api/events/${f.eventId}/speakers/${listId}`;
    // Gabi speaks first; with first-time-first she goes behind the others when she asks again.
    const gabi = await ask(f, 0, listId, { requestId: requestId() });
    await h.call("POST", `${base}/start`, { ...f.owner, body: {} });
    await h.call("POST", `${base}/stop`, f.owner);
    const again = await ask(f, 0, listId, { requestId: requestId() });
    const hans = await ask(f, 1, listId, { requestId: requestId() });
    expect(gabi.status).toBe(200);
    const rule = { alternateBy: null, firstTimeFirst: true, balanceSpeakingTime: false };
    const updated = await h.call("PATCH", base, { ...f.owner, body: { fairOrder: rule } });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.json.list.list.queue).toEqual([hans.json.entry.id, again.json.entry.id]);
    const ida = await ask(f, 2, listId, { requestId: requestId() });
    expect((await h.call("GET", base, f.owner)).json.list.list.queue).toEqual([hans.json.entry.id, ida.json.entry.id, again.json.entry.id]);
    expectError(
      await h.call("POST", `${base}/entries/${ida.json.entry.id}/move`, { ...f.owner, body: { position: 0 } }),
      409,
      "invalid_transition",
    );
    expectError(await h.call("PATCH", base, { ...f.owner, body: { fairOrder: { ...rule, alternateBy: "shoe_size" } } }), 400, "invalid");

    const entries = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries;
    const settings = entries.find((entry: { action: string }) => entry.action === "speakers.settings");
    expect(settings.after.fairOrder).toEqual([{ entryId: hans.json.entry.id, participantId: f.participantIds[1], from: 2, to: 1 }]);
    const byParticipant = entries.find((entry: { action: string }) => entry.action === "speakers.fair_order");
    expect(byParticipant).toMatchObject({ actor: `participant:${f.participantIds[2]}`, subject: listId });
  });

  it("guards every route: observers read only, other events' lists are unknown, participants only ask", async () => {
    const f = await eventWithParticipants(h, ["Jana"]);
    const other = await eventWithParticipants(h, ["Kai"]);
    const listId = await openList(f);
    const observer = await h.adminWithRole(f.owner, f.eventId, "observer", `observer-${randomUUID()}@example.org`);
    expect((await h.call("GET", `/api/events/${f.eventId}/speakers/${listId}`, observer)).status).toBe(200);
    expectError(await h.call("POST", `/api/events/${f.eventId}/speakers/${listId}/close`, observer), 403, "forbidden");
    expectError(await h.call("GET", `/api/events/${other.eventId}/speakers/${listId}`, other.owner), 404, "not_found");
    expectError(await ask(other, 0, listId, { requestId: requestId() }), 404, "not_found");
    expectError(await h.call("POST", `/api/events/${f.eventId}/speakers/${listId}/close`, { bearer: f.tokens[0]! }), 401);
    expectError(await h.call("POST", `/api/participant/speakers/${listId}/requests`, { body: { requestId: requestId() } }), 401);
  });

  it("exports speaking time per speaker and per group as CSV and JSON, audited", async () => {
    const f = await eventWithParticipants(h, ["Lea", "Max"]);
    await h.call("PATCH", `/api/events/${f.eventId}/participants/${f.participantIds[0]}`, { ...f.owner, body: { group: "Nord" } });
    const listId = await openList(f);
    const base = `/api/events/${f.eventId}/speakers/${listId}`;
    for (const index of [0, 1]) {
      await ask(f, index, listId, { requestId: requestId() });
      await h.call("POST", `${base}/start`, { ...f.owner, body: {} });
      await h.call("POST", `${base}/stop`, f.owner);
    }
    const csv = await h.call("GET", `/api/events/${f.eventId}/exports/speaking-time`, f.owner);
    expect(csv.status, csv.text).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    const rows = parseCsv(csv.text.replace(/^\uFEFF/, "")).records.map((record) => record.fields);
    expect(rows[0]).toEqual(["scope", "name", "group", "speakers", "speeches", "speaking_seconds"]);
    expect(
      rows
        .filter((row) => row[0] === "speaker")
        .map((row) => row[1])
        .sort(),
    ).toEqual(["Lea", "Max"]);
    expect(rows.filter((row) => row[0] === "group").map((row) => row[2])).toContain("Nord");
    expect(rows.at(-1)?.slice(0, 5)).toEqual(["total", "", "", "2", "2"]);
    const json = await h.call("GET", `/api/events/${f.eventId}/exports/speaking-time`, { ...f.owner, query: { format: "json" } });
    expect(json.json).toMatchObject({ speeches: 2, participants: [{ speeches: 1 }, { speeches: 1 }] });
    const audit = await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner);
    expect(audit.json.entries.filter((entry: { action: string }) => entry.action === "export.speaking_time")).toHaveLength(2);
  });
});
