import type { Channel as ClientChannel, Socket } from "phoenix";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ChannelHandler, StreamPosition } from "../../src/index.ts";
import { StreamCursor } from "../../src/client/index.ts";
import { MemoryHistory } from "../../src/history/memory.ts";
import { RedisHistory } from "../../src/history/redis.ts";
import { RedisPubSub } from "../../src/pubsub/redis.ts";
import { eventually, startEndpoint, type Running } from "../helpers.ts";
import { clientSocket, join, type Vsn } from "../phoenix-client.ts";
import { SHARED_REDIS_URL, testPrefix } from "../pubsub/redis-server.ts";

/**
 * History and recovery as the official `phoenix` client sees it: the
 * position under `_history` in broadcasts and join replies, and a rejoin with
 * `{recover: {epoch, offset}}` that gets what it missed, in order.
 */
const room: ChannelHandler = {
  join: (topic) => ({ ok: { joined: topic } }),
  handleIn(event, payload, channel) {
    if (event !== "say") return { error: { reason: "unknown" } };
    channel.broadcast("msg", payload);
    return { noreply: true };
  },
};

interface Seen {
  n: number;
  _history?: StreamPosition;
}

/** A client that keeps its last position and rejoins with it, as an application would (the client package's StreamCursor). */
function follow(
  socket: Socket,
  topic: string,
): { channel: ClientChannel; seen: Seen[]; last: () => StreamPosition | undefined; gaps: () => number } {
  const cursor = new StreamCursor();
  const seen: Seen[] = [];
  let gaps = 0;
  // The official client calls a params function on every (re)join.
  const channel = socket.channel(topic, cursor.params);
  channel.on("msg", (payload: Seen) => {
    seen.push(payload);
    if (cursor.seen(payload) === "gap") gaps++;
  });
  channel.join().receive("ok", (response: unknown) => void cursor.joined(response));
  return { channel, seen, last: () => cursor.position, gaps: () => gaps };
}

const transports = [
  { name: "websocket vsn=2.0.0", vsn: "2.0.0" as Vsn, longPoll: false },
  { name: "websocket vsn=1.0.0", vsn: "1.0.0" as Vsn, longPoll: false },
  { name: "long-poll vsn=2.0.0", vsn: "2.0.0" as Vsn, longPoll: true },
];

describe("history on one node (MemoryHistory)", () => {
  let running: Running;
  const sockets: Socket[] = [];
  const connect = (vsn: Vsn, longPoll: boolean, params: Record<string, unknown> = {}): Socket => {
    const socket = clientSocket(running.url, { vsn, longPoll, params });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    running = await startEndpoint(
      {
        longPoll: { pollTimeoutMs: 300 },
        connect: (params) => ({ id: typeof params["user"] === "string" ? params["user"] : null }),
        history: { store: new MemoryHistory(), topics: { "room:*": { maxMessages: 1_000 }, "short:*": { maxMessages: 2 } } },
      },
      (endpoint) => endpoint.channel("room:*", room).channel("short:*", room).channel("plain:*", room),
    );
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await running.close();
  });

  describe.each(transports)("$name", ({ vsn, longPoll }) => {
    it("puts the position under _history in the join reply and in each broadcast, offsets consecutive", async () => {
      const topic = `room:offsets-${vsn}-${longPoll}`;
      const socket = connect(vsn, longPoll);
      const channel = socket.channel(topic, {});
      const joined = await join(channel);
      expect(joined).toEqual({ status: "ok", response: { joined: topic, _history: { epoch: expect.any(String), offset: 0 } } });
      const epoch = (joined.response as { _history: StreamPosition })._history.epoch;
      const got: Seen[] = [];
      channel.on("msg", (p: Seen) => void got.push(p));
      for (let n = 1; n <= 5; n++) channel.push("say", { n });
      await eventually(() => got.length === 5, 5_000, "5 broadcasts");
      expect(got).toEqual([1, 2, 3, 4, 5].map((n) => ({ n, _history: { epoch, offset: n } })));
    });

    it("recovers what a dropped client missed, in order, before live messages, with no gap or duplicate", async () => {
      const user = `u-${vsn}-${longPoll}`;
      const topic = `room:recover-${vsn}-${longPoll}`;
      const client = follow(connect(vsn, longPoll, { user }), topic);
      await eventually(() => client.last() !== undefined, 5_000, "join");
      let n = 0;
      for (; n < 5; n++) running.endpoint.broadcast(topic, "msg", { n });
      await eventually(() => client.seen.length === 5, 5_000, "first 5");
      // The server drops the socket; the client reconnects and rejoins by itself while the stream goes on.
      running.endpoint.disconnect(user);
      const stream = setInterval(() => running.endpoint.broadcast(topic, "msg", { n: n++ }), 2);
      await eventually(() => running.endpoint.subscriberCount(topic) === 0, 5_000, "dropped");
      await eventually(() => running.endpoint.subscriberCount(topic) === 1, 5_000, "rejoined");
      await new Promise((r) => setTimeout(r, 50));
      clearInterval(stream);
      await eventually(() => client.seen.length === n, 5_000, `all ${n} messages`);
      expect(client.seen.map((m) => m.n)).toEqual([...Array(n).keys()]);
      expect(client.seen.map((m) => m._history!.offset)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(client.gaps()).toBe(0);
    });
  });

  it("answers recovered: true with the top, then pushes the missed messages", async () => {
    const topic = "room:explicit";
    for (let n = 0; n < 4; n++) running.endpoint.broadcast(topic, "msg", { n });
    await eventually(async () => {
      const probe = connect("2.0.0", false).channel(topic, {});
      const answer = await join(probe);
      probe.leave();
      return (answer.response as { _history: StreamPosition })._history.offset === 4;
    });
    const socket = connect("2.0.0", false);
    const first = await join(socket.channel(topic, {}));
    const { epoch } = (first.response as { _history: StreamPosition })._history;
    const channel = connect("2.0.0", false).channel(topic, { recover: { epoch, offset: 1 } });
    const got: Seen[] = [];
    channel.on("msg", (p: Seen) => void got.push(p));
    expect(await join(channel)).toEqual({ status: "ok", response: { joined: topic, _history: { recovered: true, epoch, offset: 4 } } });
    await eventually(() => got.length === 3, 5_000, "3 missed");
    expect(got).toEqual([1, 2, 3].map((n) => ({ n, _history: { epoch, offset: n + 1 } })));
  });

  it("answers recovered: false with the current position when history was trimmed or the epoch is another", async () => {
    const topic = "short:trimmed";
    const socket = connect("2.0.0", false);
    const first = await join(socket.channel(topic, {}));
    const { epoch } = (first.response as { _history: StreamPosition })._history;
    for (let n = 0; n < 5; n++) running.endpoint.broadcast(topic, "msg", { n });
    const trimmed = connect("2.0.0", false).channel(topic, { recover: { epoch, offset: 1 } });
    const got: Seen[] = [];
    trimmed.on("msg", (p: Seen) => void got.push(p));
    await eventually(async () => {
      const answer = await join(connect("2.0.0", false).channel(topic, {}));
      return (answer.response as { _history: StreamPosition })._history.offset === 5;
    });
    expect(await join(trimmed)).toEqual({ status: "ok", response: { joined: topic, _history: { recovered: false, epoch, offset: 5 } } });
    const other = connect("2.0.0", false).channel(topic, { recover: { epoch: "another", offset: 5 } });
    expect(await join(other)).toEqual({ status: "ok", response: { joined: topic, _history: { recovered: false, epoch, offset: 5 } } });
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual([]);
  });

  it("refuses a malformed recover parameter and a payload that cannot carry _history; other topics are untouched", async () => {
    const socket = connect("2.0.0", false);
    expect(await join(socket.channel("room:bad", { recover: { epoch: "e", offset: -1 } }))).toEqual({
      status: "error",
      response: { reason: "recover must be {epoch: string, offset: integer >= 0}" },
    });
    expect(() => running.endpoint.broadcast("room:bad", "msg", [1, 2])).toThrow(/plain object/);
    const plain = socket.channel("plain:x", { recover: "ignored here" });
    expect(await join(plain)).toEqual({ status: "ok", response: { joined: "plain:x" } });
    const got: unknown[] = [];
    plain.on("msg", (p: unknown) => void got.push(p));
    plain.push("say", { n: 1 });
    await eventually(() => got.length === 1, 5_000, "plain broadcast");
    expect(got).toEqual([{ n: 1 }]);
  });
});

describe("history across two nodes (RedisPubSub + RedisHistory)", () => {
  const nodes: Running[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    for (const node of nodes.splice(0)) await node.close();
  });

  const startNode = async (name: string, prefix: string): Promise<Running> => {
    const running = await startEndpoint(
      {
        pubsub: new RedisPubSub({ url: SHARED_REDIS_URL, prefix, nodeId: name, startTimeoutMs: 3_000 }),
        connect: (params) => ({ id: typeof params["user"] === "string" ? params["user"] : null }),
        history: {
          store: new RedisHistory({ url: SHARED_REDIS_URL, prefix: `${prefix}h:`, startTimeoutMs: 3_000 }),
          topics: { "room:*": { maxMessages: 1_000 } },
        },
      },
      (endpoint) => endpoint.channel("room:*", room),
    );
    nodes.push(running);
    return running;
  };

  it("gives both nodes' broadcasts one sequence of offsets, delivered in order on each node, and recovers on the other node", async () => {
    const prefix = testPrefix();
    const a = await startNode("a", prefix);
    const b = await startNode("b", prefix);
    const topic = "room:cluster";
    const socketA = clientSocket(a.url);
    const socketB = clientSocket(b.url);
    sockets.push(socketA, socketB);
    const onA = follow(socketA, topic);
    const onB = follow(socketB, topic);
    await eventually(() => onA.last() !== undefined && onB.last() !== undefined, 5_000, "joins");
    // Both nodes publish at once: Redis orders the offsets, each node puts arrivals back in that order.
    for (let n = 0; n < 200; n++) (n % 2 === 0 ? a : b).endpoint.broadcast(topic, "msg", { n });
    const offsets = Array.from({ length: 200 }, (_, i) => i + 1);
    await eventually(() => onA.seen.length === 200 && onB.seen.length === 200, 10_000, "200 on each node").catch((error) => {
      throw new Error(`${error}: a ${onA.seen.length}, b ${onB.seen.length}`);
    });
    expect(onA.seen.map((m) => m._history!.offset)).toEqual(offsets);
    expect(onB.seen.map((m) => m._history!.offset)).toEqual(offsets);
    expect(onA.seen.map((m) => m.n)).toEqual(onB.seen.map((m) => m.n));

    // A client of node a misses 50 messages, then rejoins on node b with its position.
    const missedFrom = onA.last()!;
    socketA.disconnect();
    for (let n = 200; n < 250; n++) b.endpoint.broadcast(topic, "msg", { n });
    await eventually(() => onB.seen.length === 250, 5_000, "250 on b");
    const moved = clientSocket(b.url);
    sockets.push(moved);
    const channel = moved.channel(topic, { recover: missedFrom });
    const got: Seen[] = [];
    channel.on("msg", (p: Seen) => void got.push(p));
    expect(await join(channel)).toMatchObject({
      status: "ok",
      response: { _history: { recovered: true, epoch: missedFrom.epoch, offset: 250 } },
    });
    await eventually(() => got.length === 50, 5_000, "50 recovered");
    expect(got.map((m) => m._history!.offset)).toEqual(Array.from({ length: 50 }, (_, i) => 201 + i));
  }, 30_000);
});
