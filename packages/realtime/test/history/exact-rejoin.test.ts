import type { Socket } from "phoenix";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ChannelHandler,
  type History,
  LocalPubSub,
  MemoryHistory,
  type PubSubMessage,
  RedisHistory,
  type Recovery,
  type Retention,
  type StreamPosition,
} from "../../src/index.ts";
import { eventually, startEndpoint, type Running } from "../helpers.ts";
import { clientSocket, join } from "../phoenix-client.ts";
import { SHARED_REDIS_URL, testPrefix } from "../pubsub/redis-server.ts";

/**
 * A rejoin with `{recover: since}` gets every message it missed, in order,
 * once, or is told `recovered: false`: never a stream that looks whole and is
 * not. On both stores, through the official client.
 */
const room: ChannelHandler = { join: () => ({ ok: {} }) };
const TOPIC = "room:exact";

/** A store whose next append fails, as a Redis that drops the connection mid-command. */
class FlakyHistory implements History {
  readonly #inner: History;
  failNextAppend = false;
  failNextForget = false;

  constructor(inner: History) {
    this.#inner = inner;
  }

  start(): Promise<void> {
    return this.#inner.start();
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  append(topic: string, entry: { readonly event: string; readonly payload: unknown }, retention: Retention): Promise<StreamPosition> {
    if (!this.failNextAppend) return this.#inner.append(topic, entry, retention);
    this.failNextAppend = false;
    return Promise.reject(new Error("connection lost"));
  }

  position(topic: string): Promise<StreamPosition> {
    return this.#inner.position(topic);
  }

  recover(topic: string, since: StreamPosition, retention: Retention): Promise<Recovery> {
    return this.#inner.recover(topic, since, retention);
  }

  forget(topic: string): Promise<void> {
    if (!this.failNextForget) return this.#inner.forget(topic);
    this.failNextForget = false;
    return Promise.reject(new Error("connection lost"));
  }
}

/** A bus that can hold what is broadcast and let it go later: a cluster's bus running behind the history store. */
class SlowBus extends LocalPubSub {
  #held: PubSubMessage[] | undefined;

  hold(): void {
    this.#held ??= [];
  }

  release(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const message of held) super.broadcast(message);
  }

  override broadcast(message: PubSubMessage): void {
    if (this.#held) this.#held.push(message);
    else super.broadcast(message);
  }
}

interface Got {
  n: number;
  _history?: StreamPosition;
}

const stores: { name: string; open: () => History }[] = [
  { name: "MemoryHistory", open: () => new MemoryHistory() },
  // Redis missing makes the endpoint's start reject: these fail, never skip.
  { name: "RedisHistory", open: () => new RedisHistory({ url: SHARED_REDIS_URL, prefix: `${testPrefix()}h:`, startTimeoutMs: 3_000 }) },
];

describe.each(stores)("an exact rejoin ($name)", ({ open }) => {
  let running: Running | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await running?.close();
    running = undefined;
  });

  const start = async (store: History, pubsub?: LocalPubSub): Promise<Running> => {
    running = await startEndpoint(
      { ...(pubsub ? { pubsub } : {}), history: { store, topics: { "room:*": { maxMessages: 100 } } } },
      (endpoint) => endpoint.channel("room:*", room),
    );
    return running;
  };

  /** A client of the topic that records what it gets. */
  const subscribe = async (server: Running, params: Record<string, unknown>) => {
    const socket = clientSocket(server.url);
    sockets.push(socket);
    const channel = socket.channel(TOPIC, params);
    const got: Got[] = [];
    channel.on("msg", (payload: Got) => void got.push(payload));
    const answer = await join(channel);
    expect(answer.status).toBe("ok");
    return { got, reply: (answer.response as { _history: StreamPosition & { recovered?: boolean } })._history };
  };

  it("answers recovered: false when a message went out that the store failed to keep", async () => {
    const store = new FlakyHistory(open());
    const server = await start(store);
    const watcher = await subscribe(server, {});
    server.endpoint.broadcast(TOPIC, "msg", { n: 0 });
    await eventually(() => watcher.got.length === 1, 5_000, "first message");
    const since = watcher.got[0]!._history!;
    // n: 1 reaches those online without a position; n: 2 is kept. A client away through both must not be told it has everything.
    store.failNextAppend = true;
    server.endpoint.broadcast(TOPIC, "msg", { n: 1 });
    server.endpoint.broadcast(TOPIC, "msg", { n: 2 });
    await eventually(() => watcher.got.length === 3, 5_000, "three messages live");
    expect(watcher.got[1]).toEqual({ n: 1 });

    const rejoined = await subscribe(server, { recover: since });
    expect(rejoined.reply.recovered).toBe(false);
    expect(rejoined.reply.epoch).not.toBe(since.epoch);
    // The stream goes on in the new epoch, from the reply's top.
    server.endpoint.broadcast(TOPIC, "msg", { n: 3 });
    await eventually(() => rejoined.got.length === 1, 5_000, "next message after the rejoin");
    expect(rejoined.got).toEqual([{ n: 3, _history: { epoch: rejoined.reply.epoch, offset: rejoined.reply.offset + 1 } }]);
    expect(watcher.got.at(-1)).toEqual(rejoined.got[0]);
  });

  it("still ends the epoch when the store also failed to forget at first: the next append tries again", async () => {
    const store = new FlakyHistory(open());
    const server = await start(store);
    const watcher = await subscribe(server, {});
    server.endpoint.broadcast(TOPIC, "msg", { n: 0 });
    await eventually(() => watcher.got.length === 1, 5_000, "first message");
    const since = watcher.got[0]!._history!;
    store.failNextAppend = true;
    store.failNextForget = true;
    server.endpoint.broadcast(TOPIC, "msg", { n: 1 });
    await eventually(() => watcher.got.length === 2, 5_000, "the unkept message live");
    server.endpoint.broadcast(TOPIC, "msg", { n: 2 });
    await eventually(() => watcher.got.length === 3, 5_000, "the next one");
    expect(watcher.got[2]!._history!.epoch).not.toBe(since.epoch);
    const rejoined = await subscribe(server, { recover: since });
    expect(rejoined.reply).toEqual({ recovered: false, epoch: watcher.got[2]!._history!.epoch, offset: 1 });
  });

  it("sends each missed message once when the bus brings them after the store was read", async () => {
    const bus = new SlowBus();
    const store = open();
    const server = await start(store, bus);
    const watcher = await subscribe(server, {});
    server.endpoint.broadcast(TOPIC, "msg", { n: 0 });
    await eventually(() => watcher.got.length === 1, 5_000, "first message");
    const since = watcher.got[0]!._history!;
    bus.hold();
    server.endpoint.broadcast(TOPIC, "msg", { n: 1 });
    server.endpoint.broadcast(TOPIC, "msg", { n: 2 });
    await eventually(async () => (await store.position(TOPIC)).offset === since.offset + 2, 5_000, "both kept");

    const rejoined = await subscribe(server, { recover: since });
    expect(rejoined.reply).toEqual({ recovered: true, epoch: since.epoch, offset: since.offset + 2 });
    await eventually(() => rejoined.got.length === 2, 5_000, "two replayed");
    bus.release();
    server.endpoint.broadcast(TOPIC, "msg", { n: 3 });
    await eventually(() => watcher.got.length === 4, 5_000, "the watcher's four");
    await eventually(() => rejoined.got.some((m) => m.n === 3), 5_000, "the live message after the replay");
    expect(rejoined.got.map((m) => m._history!.offset)).toEqual([1, 2, 3].map((k) => since.offset + k));
    expect(rejoined.got.map((m) => m.n)).toEqual([1, 2, 3]);
  });
});
