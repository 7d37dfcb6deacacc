import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../../packages/realtime/test/helpers.ts";
import { Assembly, joined, pushed } from "./fixture.ts";
import { LiveView } from "@plenum/realtime/client";
import type { Channel } from "phoenix";

/** The assembly's real-time layer end to end: real server, official client, SQLite. */
let a: Assembly;
let eventId: string;
let itemId: string;
let tokens: Map<string, string>;

beforeAll(async () => {
  a = await Assembly.start();
  await a.loginOwner();
  ({ eventId, itemId, tokens } = await a.event(40));
});

afterAll(() => a.close());

const token = (name: string) => `participant:${tokens.get(name)}`;
const ballotId = () => `b-${crypto.randomUUID()}`;

describe("live views", () => {
  it("gives a participant the event snapshot, then patches when the chair opens a poll", async () => {
    const socket = a.socket(token("P0"));
    const view = new LiveView<any, Channel>(socket.channel(`event:${eventId}`, {}));
    expect(await view.start().ready()).toBe("synced");
    expect(view.model.event.status).toBe("open");
    expect(view.model.polls).toEqual([]);

    const poll = await a.http("POST", `/api/events/${eventId}/polls`, {
      agendaItemId: itemId,
      title: "Antrag 1",
      kind: "yes_no_abstain",
      secret: true,
    });
    await a.http("POST", `/api/events/${eventId}/polls/${poll.json.poll.id}/open`);
    await eventually(() => view.model.polls.length === 1, 3000, "poll appears");
    expect(view.model.polls[0]).toMatchObject({ title: "Antrag 1", status: "open", turnout: { count: 0 } });
    expect(view.patches).toBeGreaterThan(0);

    await a.http("POST", `/api/events/${eventId}/announcements`, { title: "Pause", body: "15 Minuten" });
    await eventually(() => view.model.announcements[0]?.title === "Pause", 3000, "announcement appears");
  });

  it("votes over the channel: receipt, idempotent retry, second ballot refused, turnout live for chairs", async () => {
    const poll = await a.http("POST", `/api/events/${eventId}/polls`, {
      agendaItemId: itemId,
      title: "Antrag 2",
      kind: "yes_no_abstain",
      secret: false,
    });
    const pollId: string = poll.json.poll.id;
    await a.http("POST", `/api/events/${eventId}/polls/${pollId}/open`);

    const chair = a.socket(`admin:${decodeURIComponent(a.adminCookie.split("=")[1]!)}`);
    const admin = new LiveView<any, Channel>(chair.channel(`event:${eventId}:admin`, {}));
    expect(await admin.start().ready()).toBe("synced");

    const socket = a.socket(token("P1"));
    await joined(socket.channel(`event:${eventId}`, {}));
    const own = new LiveView<any, Channel>(
      socket.channel(`event:${eventId}:participant:${await a.participantId(eventId, "p1@example.org")}`, {}),
    );
    expect(await own.start().ready()).toBe("synced");

    const id = ballotId();
    const vote = { pollId, ballotId: id, choice: { kind: "options", optionIds: ["yes"] } };
    const first = await pushed(own.channel, "vote", vote);
    expect(first.status).toBe("ok");
    expect(first.response.receipt).toMatchObject({ pollId, ballotId: id });
    const retry = await pushed(own.channel, "vote", vote);
    expect(retry.response.receipt).toEqual(first.response.receipt);
    const second = await pushed(own.channel, "vote", { ...vote, ballotId: ballotId() });
    expect(second).toMatchObject({ status: "error", response: { code: "already_voted" } });
    const malformed = await pushed(own.channel, "vote", { pollId, ballotId: "short", choice: "yes" });
    expect(malformed).toMatchObject({ status: "error", response: { code: "invalid" } });

    await eventually(
      () => admin.model.openPolls.find((p: { pollId: string }) => p.pollId === pollId)?.count === 1,
      3000,
      "chair sees turnout 1",
    );
    await eventually(() => own.model.voted[pollId]?.length === 1, 3000, "own view shows the vote");
  });

  it("takes a split vote over the channel: the same command, the sum checked, retried without a duplicate", async () => {
    // An event of its own: weights are frozen while any poll of an event is open.
    const { eventId, itemId, tokens } = await a.event(2);
    const participantId = await a.participantId(eventId, "p1@example.org");
    expect((await a.http("PATCH", `/api/events/${eventId}/participants/${participantId}`, { weight: 10 })).status).toBe(200);
    const poll = await a.http("POST", `/api/events/${eventId}/polls`, {
      agendaItemId: itemId,
      title: "Antrag geteilt",
      kind: "yes_no_abstain",
      secret: true,
      allowSplit: true,
    });
    const pollId: string = poll.json.poll.id;
    await a.http("POST", `/api/events/${eventId}/polls/${pollId}/open`);
    const socket = a.socket(`participant:${tokens.get("P1")}`);
    await joined(socket.channel(`event:${eventId}`, {}));
    const own = new LiveView<any, Channel>(socket.channel(`event:${eventId}:participant:${participantId}`, {}));
    expect(await own.start().ready()).toBe("synced");
    const parts = (yesWeight: number, noWeight: number) => [
      { weight: yesWeight, choice: { kind: "options", optionIds: ["yes"] } },
      { weight: noWeight, choice: { kind: "options", optionIds: ["no"] } },
    ];

    const wrong = await pushed(own.channel, "vote", { pollId, ballotId: ballotId(), parts: parts(7, 2) });
    expect(wrong).toMatchObject({ status: "error", response: { code: "split_mismatch" } });
    const vote = { pollId, ballotId: ballotId(), parts: parts(7, 3) };
    const first = await pushed(own.channel, "vote", vote);
    expect(first).toMatchObject({ status: "ok", response: { receipt: { pollId, weight: 10 } } });
    expect((await pushed(own.channel, "vote", vote)).response.receipt).toEqual(first.response.receipt);
    await eventually(() => own.model.voted[pollId]?.length === 1, 3000, "own view shows the vote");

    await a.http("POST", `/api/events/${eventId}/polls/${pollId}/close`);
    const { tally } = (await a.http("GET", `/api/events/${eventId}/polls/${pollId}/results`)).json;
    expect(tally.turnout).toEqual({ count: 1, weight: 10 });
    expect(tally.options.map((o: { weight: number }) => o.weight)).toEqual([7, 3]);
  });

  it("serves the same views over long-poll, for phones that cannot hold a WebSocket", async () => {
    const view = new LiveView<any, Channel>(a.socket(token("P5"), "longpoll").channel(`event:${eventId}`, {}));
    expect(await view.start().ready()).toBe("synced");
    await a.http("POST", `/api/events/${eventId}/announcements`, { title: "Long-poll", body: "hello" });
    await eventually(() => view.model.announcements[0]?.title === "Long-poll", 5000, "patch over long-poll");
  });

  it("patches the event view when a chair edits the agenda or renames the event", async () => {
    const view = new LiveView<any, Channel>(a.socket(token("P6")).channel(`event:${eventId}`, {}));
    expect(await view.start().ready()).toBe("synced");
    const titles = () => view.model.agenda.map((item: { title: string }) => item.title);
    const added = await a.http("POST", `/api/events/${eventId}/agenda`, { title: "Wahlen" });
    await eventually(() => titles().at(-1) === "Wahlen", 3000, "item appears");
    await a.http("POST", `/api/events/${eventId}/agenda/${added.json.item.id}/move`, { position: 0 });
    await eventually(() => titles()[0] === "Wahlen", 3000, "item moves up");
    await a.http("DELETE", `/api/events/${eventId}/agenda/${added.json.item.id}`);
    await eventually(() => !titles().includes("Wahlen"), 3000, "item disappears");
    await a.http("PATCH", `/api/events/${eventId}`, { name: "Parteitag (Tag 2)" });
    await eventually(() => view.model.event.name === "Parteitag (Tag 2)", 3000, "event renamed");
  });

  it("refuses joins of other people's topics and of chairs' topics", async () => {
    const socket = a.socket(token("P2"));
    const other = await a.participantId(eventId, "p3@example.org");
    expect(await joined(socket.channel(`event:${eventId}:participant:${other}`, {}))).toMatchObject({
      status: "error",
      response: { reason: "forbidden" },
    });
    expect(await joined(socket.channel(`event:${eventId}:admin`, {}))).toMatchObject({
      status: "error",
      response: { reason: "forbidden" },
    });
    expect(await joined(socket.channel(`dashboard:${eventId}`, {}))).toMatchObject({ status: "error", response: { reason: "forbidden" } });
    expect(await joined(socket.channel(`event:nope`, {}))).toMatchObject({ status: "error", response: { reason: "forbidden" } });
  });

  const linkChanges = [
    { change: "revoked", method: "DELETE", status: 204, name: "P4" },
    { change: "replaced by a new one", method: "POST", status: 201, name: "P7" },
  ] as const;
  for (const { change, method, status, name } of linkChanges) {
    it(`closes the live socket of a link ${change} and refuses the link from then on`, async () => {
      const socket = a.socket(token(name));
      expect((await joined(socket.channel(`event:${eventId}`, {}))).status).toBe("ok");
      let closed = 0;
      socket.onClose(() => void closed++);
      const pid = await a.participantId(eventId, `${name.toLowerCase()}@example.org`);
      expect((await a.http(method, `/api/events/${eventId}/participants/${pid}/invitation`)).status).toBe(status);
      await eventually(() => closed > 0, 3000, `socket closed when its link was ${change}`);
      let errors = 0;
      const again = a.socket(token(name));
      again.onError(() => void errors++);
      await eventually(() => errors > 0, 3000, "reconnect refused");
      expect(again.isConnected()).toBe(false);
      again.disconnect();
    });
  }
});

describe("a join storm cannot flood the chairs, by construction", () => {
  it("tells chairs participants_changed at most once a second while 30 participants join, and shows them online, not present", async () => {
    const chair = a.socket(`admin:${decodeURIComponent(a.adminCookie.split("=")[1]!)}`);
    const admin = chair.channel(`event:${eventId}:admin`, {});
    const notes: number[] = [];
    admin.on("participants_changed", () => void notes.push(Date.now()));
    await joined(admin);
    const joins = Array.from({ length: 30 }, (_, i) => joined(a.socket(token(`P${10 + i}`)).channel(`event:${eventId}`, {})));
    await Promise.all(joins);
    const online = async () =>
      (await a.http("GET", `/api/events/${eventId}/participants?limit=100`)).json.items.filter((p: { online: boolean }) => p.online);
    await eventually(async () => (await online()).length >= 30, 5000, "30 online");
    expect((await online()).every((p: { present: boolean }) => !p.present)).toBe(true);
    await new Promise((r) => setTimeout(r, 1200));
    expect(notes.length).toBeGreaterThan(0);
    for (let i = 1; i < notes.length; i++) expect(notes[i]! - notes[i - 1]!).toBeGreaterThanOrEqual(950);
  });
});

describe("dashboard", () => {
  it("starts the event's polling tree for the first viewer and streams datasets", async () => {
    const chair = a.socket(`admin:${decodeURIComponent(a.adminCookie.split("=")[1]!)}`);
    const channel = chair.channel(`dashboard:${eventId}`, {});
    const got = new Map<string, unknown>();
    channel.on("dataset", ({ name, data }: { name: string; data: unknown }) => void got.set(name, data));
    const reply = await joined(channel);
    expect(reply.status).toBe("ok");
    await eventually(() => ["attendance", "presentBy", "ballots", "activity"].every((n) => got.has(n)), 8000, "four datasets");
    // A viewer arriving later gets the latest of every dataset at once (pollers publish only changes).
    const late = a.socket(`admin:${decodeURIComponent(a.adminCookie.split("=")[1]!)}`).channel(`dashboard:${eventId}`, {});
    const caughtUp = new Set<string>();
    late.on("dataset", ({ name }: { name: string }) => void caughtUp.add(name));
    await joined(late);
    await eventually(() => caughtUp.size === 4, 3000, "late viewer catches up on all four datasets");
    const status = await a.http("GET", "/api/ops/status");
    expect(status.json.engine.sockets).toBeGreaterThan(0);
    expect(status.json.dashboards.keys.map((k: { key: string; running: boolean }) => [k.key, k.running])).toContainEqual([
      `dashboard:${eventId}`,
      true,
    ]);
  });
});

describe("reissuing every link", () => {
  it("ends every live session of the event's participants", async () => {
    const other = await a.event(2);
    const socket = a.socket(`participant:${other.tokens.get("P0")}`);
    expect((await joined(socket.channel(`event:${other.eventId}`, {}))).status).toBe("ok");
    let closed = 0;
    socket.onClose(() => void closed++);
    expect((await a.http("POST", `/api/events/${other.eventId}/invitations/export?reissue=all`)).status).toBe(200);
    await eventually(() => closed > 0, 3000, "socket closed after reissue=all");
  });
});
