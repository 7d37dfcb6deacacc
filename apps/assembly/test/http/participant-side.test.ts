import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, eventWithParticipants, expectError, type EventFixture } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(async () => {
  await h.close();
});

async function openPoll(f: EventFixture, body: Record<string, unknown> = {}): Promise<string> {
  const created = await h.call("POST", `/api/events/${f.eventId}/polls`, {
    ...f.owner,
    body: { agendaItemId: f.agendaItemId, title: "Motion", kind: "yes_no_abstain", ...body },
  });
  await h.call("POST", `/api/events/${f.eventId}/polls/${created.json.poll.id}/open`, f.owner);
  return created.json.poll.id;
}

const vote = (token: string, pollId: string, body: unknown) =>
  h.call("POST", `/api/participant/polls/${pollId}/ballots`, { bearer: token, body });

describe("participant view", () => {
  it("shows the own record, the event, open polls with entitlements, and hides drafts and others' data", async () => {
    const f = await eventWithParticipants(h, ["Jana", "Knut"]);
    await h.call("POST", `/api/events/${f.eventId}/polls`, {
      ...f.owner,
      body: { agendaItemId: f.agendaItemId, title: "Draft", kind: "yes_no_abstain" },
    });
    const pollId = await openPoll(f);
    const me = await h.call("GET", "/api/participant/me", { bearer: f.tokens[0]! });
    expect(me.json).toEqual({
      participant: {
        id: f.participantIds[0],
        eventId: f.eventId,
        name: "Jana",
        email: "jana@example.org",
        group: null,
        region: null,
        weight: 1,
        eligible: true,
      },
      present: false,
      delegatedTo: null,
      principals: [],
    });
    const view = await h.call("GET", "/api/participant/event", { bearer: f.tokens[0]! });
    expect(view.json.event).toMatchObject({ id: f.eventId, status: "open", timezone: "Europe/Berlin" });
    expect(view.json.agenda.map((item: { title: string }) => item.title)).toEqual(["Motions"]);
    expect(view.json.polls).toEqual([
      {
        poll: expect.objectContaining({ id: pollId, status: "open" }),
        entitlements: [expect.objectContaining({ principalId: f.participantIds[0], hasVoted: false })],
        result: null,
        namedBallots: null,
      },
    ]);
    expect(view.text).not.toContain("knut@example.org");
  });

  it("hides named ballots and results until published, then shows them", async () => {
    const f = await eventWithParticipants(h, ["Lars", "Mia"]);
    const pollId = await openPoll(f);
    await vote(f.tokens[0]!, pollId, { ballotId: "lars-ballot-0123456789", choice: { kind: "options", optionIds: ["no"] } });
    for (const status of ["open", "closed"]) {
      if (status === "closed") await h.call("POST", `/api/events/${f.eventId}/polls/${pollId}/close`, f.owner);
      const view = await h.call("GET", "/api/participant/event", { bearer: f.tokens[1]! });
      expect(view.json.polls[0]).toMatchObject({ result: null, namedBallots: null });
      expect(view.text).not.toContain("Lars");
    }
    await h.call("POST", `/api/events/${f.eventId}/polls/${pollId}/publish`, f.owner);
    const view = await h.call("GET", "/api/participant/event", { bearer: f.tokens[1]! });
    expect(view.json.polls[0].namedBallots).toEqual([
      expect.objectContaining({ name: "Lars", choice: { kind: "options", optionIds: ["no"] } }),
    ]);
  });

  it("never shows secret ballots, even after publication", async () => {
    const f = await eventWithParticipants(h, ["Nora"]);
    const pollId = await openPoll(f, { secret: true });
    await vote(f.tokens[0]!, pollId, { ballotId: "nora-ballot-0123456789", choice: { kind: "options", optionIds: ["yes"] } });
    await h.call("POST", `/api/events/${f.eventId}/polls/${pollId}/close`, f.owner);
    await h.call("POST", `/api/events/${f.eventId}/polls/${pollId}/publish`, f.owner);
    const view = await h.call("GET", "/api/participant/event", { bearer: f.tokens[0]! });
    expect(view.json.polls[0]).toMatchObject({ namedBallots: null, result: { turnout: { count: 1 }, outcome: "passed" } });
  });
});

describe("ballots", () => {
  it("refuses malformed and invalid ballots, unknown, draft and other events' polls, and stores nothing", async () => {
    const f = await eventWithParticipants(h, ["Otto"]);
    const other = await eventWithParticipants(h, ["Pia"]);
    const pollId = await openPoll(f, { kind: "single_choice", options: [{ label: "A" }, { label: "B" }], allowAbstain: false });
    const otherPoll = await openPoll(other);
    const draft: string = (
      await h.call("POST", `/api/events/${f.eventId}/polls`, {
        ...f.owner,
        body: { agendaItemId: f.agendaItemId, title: "Draft", kind: "yes_no_abstain" },
      })
    ).json.poll.id;
    const token = f.tokens[0]!;
    const good = { ballotId: "otto-ballot-0123456789", choice: { kind: "options", optionIds: ["o1"] } };
    expectError(
      await h.call("POST", `/api/participant/polls/${pollId}/ballots`, {
        bearer: token,
        body: '{"ballotId": "x",',
        contentType: "application/json",
      }),
      400,
      "malformed_json",
    );
    expectError(await vote(token, pollId, { ...good, ballotId: "short" }), 400, "invalid");
    expectError(await vote(token, pollId, { ...good, choice: { kind: "options", optionIds: ["o1", "o2"] } }), 400, "invalid");
    expectError(await vote(token, pollId, { ...good, choice: { kind: "options", optionIds: ["zzz"] } }), 400, "invalid");
    expectError(await vote(token, pollId, { ...good, choice: { kind: "abstain" } }), 400, "invalid");
    expectError(await vote(token, pollId, { ...good, choice: "yes" }), 400, "invalid");
    expectError(await vote(token, pollId, { ...good, principalId: other.participantIds[0] }), 404);
    expectError(await vote(token, otherPoll, good), 404, "not_found");
    expectError(await vote(token, draft, good), 404, "not_found");
    expectError(await vote(token, "no-such-poll", good), 404, "not_found");
    expectError(await h.call("GET", `/api/participant/polls/${otherPoll}/entitlements`, { bearer: token }), 404);
    expectError(await vote("A".repeat(43), pollId, good), 401);
    expect(await h.store.ballots.hasVoted(pollId, f.participantIds[0]!)).toBe(false);
    expect((await h.store.ballots.tally(otherPoll)).tally.turnout.count).toBe(0);
    expect((await vote(token, pollId, good)).status).toBe(200);
  });

  it("verifies receipts of the own event only", async () => {
    const f = await eventWithParticipants(h, ["Quinn"]);
    const other = await eventWithParticipants(h, ["Rosa"]);
    const pollId = await openPoll(f);
    const receipt: string = (await vote(f.tokens[0]!, pollId, { ballotId: "quinn-ballot-012345678", choice: { kind: "abstain" } })).json
      .receipt.receipt;
    expect((await h.call("GET", `/api/participant/receipts/${receipt}`, { bearer: f.tokens[0]! })).json).toEqual({ counted: true, pollId });
    expect((await h.call("GET", `/api/participant/receipts/${receipt}`, { bearer: other.tokens[0]! })).json).toEqual({
      counted: false,
      pollId: null,
    });
    expect((await h.call("GET", "/api/participant/receipts/not-a-receipt", { bearer: f.tokens[0]! })).json).toEqual({
      counted: false,
      pollId: null,
    });
    expectError(await h.call("GET", `/api/participant/receipts/${receipt}`), 401);
  });

  it("verifies receipts of secret polls, open and closed: counted and in which poll, never the choice", async () => {
    const f = await eventWithParticipants(h, ["Sina"]);
    const pollId = await openPoll(f, { secret: true });
    const ballot = { ballotId: "sina-ballot-012345678", choice: { kind: "options", optionIds: ["no"] } };
    const receipt: string = (await vote(f.tokens[0]!, pollId, ballot)).json.receipt.receipt;
    const check = () => h.call("GET", `/api/participant/receipts/${receipt}`, { bearer: f.tokens[0]! });
    expect((await check()).json).toEqual({ counted: true, pollId });
    await h.call("POST", `/api/events/${f.eventId}/polls/${pollId}/close`, f.owner);
    expect((await check()).json).toEqual({ counted: true, pollId });
    // The voter's retry still gets the same receipt back once the poll closed.
    expect((await vote(f.tokens[0]!, pollId, ballot)).json.receipt.receipt).toBe(receipt);
  });
});

describe("presence and taking a vote back", () => {
  it("checks in only while the event is open", async () => {
    const f = await eventWithParticipants(h, ["Sara"]);
    const sara = { bearer: f.tokens[0]! };
    expect((await h.call("POST", "/api/participant/presence", sara)).json).toEqual({ present: true, changed: true });
    expect((await h.call("POST", "/api/participant/presence", sara)).json).toEqual({ present: true, changed: false });
    expect((await h.call("DELETE", "/api/participant/presence", sara)).json).toEqual({ present: false, changed: true });
    await h.call("POST", `/api/events/${f.eventId}/close`, f.owner);
    expectError(await h.call("POST", "/api/participant/presence", sara), 409, "event_not_open");
    expect(await h.store.attendance.isPresent(f.participantIds[0]!)).toBe(false);
  });

  it("lets a present principal take the vote back and vote themselves", async () => {
    const f = await eventWithParticipants(h, ["Timo", "Ute"]);
    const [timo, ute] = f.participantIds as [string, string];
    await h.call("POST", `/api/events/${f.eventId}/proxies`, { ...f.owner, body: { principalId: timo, delegateId: ute } });
    expect((await h.call("GET", "/api/participant/me", { bearer: f.tokens[0]! })).json.delegatedTo).toEqual({ id: ute, name: "Ute" });
    expect((await h.call("GET", "/api/participant/me", { bearer: f.tokens[1]! })).json.principals).toEqual([{ id: timo, name: "Timo" }]);
    expectError(await h.call("DELETE", "/api/participant/proxy", { bearer: f.tokens[0]! }), 403, "not_present");
    expect(await h.store.proxies.get(timo)).toBeDefined();
    await h.call("POST", "/api/participant/presence", { bearer: f.tokens[0]! });
    expect((await h.call("DELETE", "/api/participant/proxy", { bearer: f.tokens[0]! })).status).toBe(204);
    expect(await h.store.proxies.get(timo)).toBeUndefined();
    const pollId = await openPoll(f);
    expect((await vote(f.tokens[0]!, pollId, { ballotId: "timo-ballot-0123456789", choice: { kind: "abstain" } })).status).toBe(200);
    const audit = (await h.call("GET", `/api/events/${f.eventId}/audit`, f.owner)).json.entries;
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ action: "proxy.take_back", actor: `participant:${timo}` })]));
  });
});

describe("revoked links", () => {
  it("lose access to every participant route", async () => {
    const f = await eventWithParticipants(h, ["Vera"]);
    const pollId = await openPoll(f);
    await h.call("DELETE", `/api/events/${f.eventId}/participants/${f.participantIds[0]}/invitation`, f.owner);
    const vera = { bearer: f.tokens[0]! };
    for (const [method, url, body] of [
      ["GET", "/api/participant/me"],
      ["GET", "/api/participant/event"],
      ["POST", `/api/participant/polls/${pollId}/ballots`, { ballotId: "vera-ballot-0123456789", choice: { kind: "abstain" } }],
      ["GET", `/api/participant/polls/${pollId}/entitlements`],
      ["GET", "/api/participant/receipts/abc"],
      ["POST", "/api/participant/presence"],
      ["DELETE", "/api/participant/presence"],
      ["DELETE", "/api/participant/proxy"],
    ] as const) {
      expectError(await h.call(method, url, { ...vera, ...(body ? { body } : {}) }), 401, "unauthenticated");
    }
    expect(await h.store.ballots.hasVoted(pollId, f.participantIds[0]!)).toBe(false);
    expect(await h.store.attendance.isPresent(f.participantIds[0]!)).toBe(false);
  });
});
