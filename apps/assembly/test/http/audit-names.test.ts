import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAuditAction } from "../../src/api/audit-actions.ts";
import type { AuditLine } from "../../src/api/routes/audit-log.ts";
import { type Backend, createMotion, eventWithParticipants, Harness } from "./harness.ts";

describe.each<Backend>(["sqlite", "postgres"])("the audit log by name on %s", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({}, backend);
  });
  afterAll(() => h?.close());

  it("names who acted and what it concerns, keeps the ids, and has words for every action", async () => {
    const f = await eventWithParticipants(h, ["Ada", "Bo"]);
    const [ada, bo] = f.participantIds as [string, string];
    await h.call("PATCH", `/api/events/${f.eventId}/participants/${bo}`, { ...f.owner, body: { name: "Bo Berg" } });
    expect(
      (await h.call("POST", `/api/events/${f.eventId}/proxies`, { ...f.owner, body: { principalId: ada, delegateId: bo } })).status,
    ).toBe(201);
    expect((await h.call("POST", "/api/participant/presence", { bearer: f.tokens[0]! })).status).toBe(200);
    expect((await h.call("DELETE", "/api/participant/proxy", { bearer: f.tokens[0]! })).status).toBe(204);
    const poll = await h.call("POST", `/api/events/${f.eventId}/polls`, {
      ...f.owner,
      body: { agendaItemId: f.agendaItemId, title: "Budget 2027", kind: "yes_no_abstain" },
    });
    const motion = await createMotion(h, f);
    await h.call("DELETE", `/api/events/${f.eventId}/participants/${bo}/invitation`, f.owner);

    const page = await h.call("GET", `/api/events/${f.eventId}/audit?limit=1000`, f.owner);
    expect(page.status, page.text).toBe(200);
    const entries = page.json.entries as AuditLine[];
    const find = (action: string, subject?: string) =>
      entries.find((entry) => entry.action === action && (subject === undefined || entry.subject === subject));

    expect(find("agenda.add")).toMatchObject({
      actor: expect.stringMatching(/^admin:/),
      actorName: "Owner (owner@example.org)",
      subjectName: "Motions",
    });
    expect(find("participant.update", bo)).toMatchObject({ subject: bo, subjectName: "Bo Berg" });
    expect(find("proxy.take_back")).toMatchObject({ actor: `participant:${ada}`, actorName: "Ada" });
    expect(find("poll.create")).toMatchObject({ subject: poll.json.poll.id, subjectName: "Budget 2027" });
    expect(find("motion.create")).toMatchObject({ subject: motion.id, subjectName: "A1 Trees" });
    expect(find("invitation.revoke", bo)).toMatchObject({ subjectName: "Bo Berg" });
    // The event itself is no subject; an id that names nothing stays an id, with no name.
    expect(find("event.open")).toMatchObject({ subject: null, subjectName: null });
    for (const entry of entries) expect(isAuditAction(entry.action), entry.action).toBe(true);
  });

  it("names nothing of another event", async () => {
    const mine = await eventWithParticipants(h, ["Cleo"]);
    const theirs = await eventWithParticipants(h, ["Dora"]);
    const store = h.store;
    const names = await store.audit.names(mine.eventId, [...theirs.participantIds, theirs.agendaItemId, ...mine.participantIds]);
    expect([...names.values()]).toEqual(["Cleo"]);
  });
});
