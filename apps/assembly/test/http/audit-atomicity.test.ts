import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/http/app.ts";
import type { Store, StoreOperations } from "../../src/store/store.ts";
import { Harness, eventWithParticipants, expectError, type Credentials, type EventFixture } from "./harness.ts";

/** The same store, except that inside transactions appending to the audit log fails: a crash between action and entry. */
function failingAudit(store: Store): Store {
  const failing = (tx: StoreOperations): StoreOperations => ({
    ...tx,
    audit: {
      append: () => Promise.reject(new Error("disk full")),
      list: (eventId, query) => tx.audit.list(eventId, query),
      names: (eventId, ids) => tx.audit.names(eventId, ids),
    },
  });
  return new Proxy(store, {
    get: (target, key) =>
      key === "transaction"
        ? (work: (tx: StoreOperations) => Promise<unknown>) => target.transaction((tx) => work(failing(tx)))
        : Reflect.get(target, key, target),
  });
}

let h: Harness;
let faulty: FastifyInstance;
let f: EventFixture;
beforeAll(async () => {
  h = await Harness.start();
  faulty = await buildApp({ store: failingAudit(h.store) });
  f = await eventWithParticipants(h, ["Ada", "Bo"]);
});
afterAll(async () => {
  await faulty.close();
  await h.close();
});

const auditOf = async () =>
  (await h.call("GET", `/api/events/${f.eventId}/audit`, { ...f.owner, query: { limit: "1000" } })).json.entries as {
    action: string;
    before: unknown;
    after: unknown;
  }[];
const onFaulty = (method: "POST" | "PATCH", url: string, owner: Credentials, body: unknown) =>
  faulty.inject({ method, url, headers: { cookie: owner.cookie!, "content-type": "application/json" }, payload: JSON.stringify(body) });

describe("audit atomicity", () => {
  it("writes exactly one entry, with before/after, for a successful admin action and none for a refused one", async () => {
    const url = `/api/events/${f.eventId}/agenda/${f.agendaItemId}`;
    const count = (await auditOf()).length;
    expect((await h.call("PATCH", url, { ...f.owner, body: { title: "Budget" } })).status).toBe(200);
    const entries = await auditOf();
    expect(entries).toHaveLength(count + 1);
    expect(entries.at(-1)).toMatchObject({ action: "agenda.update", before: { title: "Motions" }, after: { title: "Budget" } });
    expectError(await h.call("PATCH", url, { ...f.owner, body: { title: "" } }), 400, "invalid");
    await h.call("POST", `/api/events/${f.eventId}/polls`, {
      ...f.owner,
      body: { agendaItemId: f.agendaItemId, title: "Q", kind: "yes_no_abstain" },
    });
    expectError(await h.call("DELETE", url, f.owner), 409, "conflict");
    expect((await auditOf()).map((e) => e.action)).toEqual([...entries.map((e) => e.action), "poll.create"]);
  });

  it("undoes the action when its audit entry cannot be written", async () => {
    const before = await auditOf();
    const participant = `/api/events/${f.eventId}/participants/${f.participantIds[0]}`;
    expect((await onFaulty("PATCH", participant, f.owner, { weight: 5 })).statusCode).toBe(500);
    expect((await h.call("GET", participant, f.owner)).json.participant.weight).toBe(1);
    expect((await onFaulty("POST", `/api/events/${f.eventId}/agenda`, f.owner, { title: "Never" })).statusCode).toBe(500);
    expect((await h.call("GET", `/api/events/${f.eventId}/agenda`, f.owner)).json.items).toHaveLength(1);
    expect(
      (await onFaulty("POST", `/api/events/${f.eventId}/participants/${f.participantIds[1]}/invitation`, f.owner, {})).statusCode,
    ).toBe(500);
    expect((await h.call("GET", "/api/participant/me", { bearer: f.tokens[1]! })).status).toBe(200);
    expect(await auditOf()).toEqual(before);
  });

  it("creates an event together with its owner role and audit entry, or not at all", async () => {
    const events = (await h.call("GET", "/api/events", f.owner)).json.events;
    expect((await onFaulty("POST", "/api/events", f.owner, { name: "Half made" })).statusCode).toBe(500);
    expect((await h.call("GET", "/api/events", f.owner)).json.events).toEqual(events);
    expect((await h.store.events.list()).some((event) => event.name === "Half made")).toBe(false);
  });
});
