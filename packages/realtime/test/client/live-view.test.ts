import type { Channel, Socket } from "phoenix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LiveView } from "../../src/client/index.ts";
import { LiveViews, type Json } from "../../src/index.ts";
import { eventually, silentLogger, startEndpoint, type Running } from "../helpers.ts";
import { clientSocket } from "../phoenix-client.ts";

/** The live-view client against the real engine: snapshot on join, versioned patches, resync on a gap, rejoin. */
interface Board {
  count: number;
  items: string[];
}

const models = new Map<string, Board>();
let running: Running;
let views: LiveViews;
let socket: Socket;

beforeAll(async () => {
  running = await startEndpoint({}, (endpoint) => {
    views = new LiveViews({
      pubsub: endpoint.pubsub,
      render: async (topic) => structuredClone(models.get(topic) ?? { count: 0, items: [] }) as unknown as Json,
      publish: (topic, patch) => endpoint.localBroadcast(topic, "patch", patch),
      throttleMs: 10,
      logger: silentLogger(),
    });
    endpoint.channel("board:*", {
      async join(topic) {
        if (topic === "board:secret") return { error: { reason: "forbidden" } };
        return { ok: await views.snapshot(topic) };
      },
      async handleIn(event, _payload, channel) {
        if (event === "snapshot") return { ok: await views.snapshot(channel.topic) };
        return { error: { reason: "unknown event" } };
      },
      terminate(_reason, channel) {
        if (running.endpoint.subscriberCount(channel.topic) === 0) views.release(channel.topic);
      },
    });
  });
  views.start();
  socket = clientSocket(running.url);
});

afterAll(async () => {
  socket.disconnect();
  await views.close();
  await running.close();
});

function change(topic: string, update: (board: Board) => void): void {
  const board = structuredClone(models.get(topic) ?? { count: 0, items: [] });
  update(board);
  models.set(topic, board);
  views.refresh(topic);
}

function open(topic: string): LiveView<Board, Channel> {
  return new LiveView<Board, Channel>(socket.channel(topic, {})).start();
}

describe("LiveView client", () => {
  it("takes the join's snapshot, then applies the server's patches in order", async () => {
    models.set("board:1", { count: 1, items: [] });
    const view = open("board:1");
    const seen: (number | undefined)[] = [];
    view.subscribe(() => seen.push(view.model?.count));
    expect(view.state).toBe("joining");
    expect(await view.ready()).toBe("synced");
    expect(view.model).toEqual({ count: 1, items: [] });
    expect(view.version).toBe(1);
    change("board:1", (b) => {
      b.count = 2;
      b.items.push("a");
    });
    await eventually(() => view.model?.count === 2, 3000, "the first patch");
    change("board:1", (b) => b.items.push("b"));
    await eventually(() => view.model?.items.length === 2, 3000, "the second patch");
    expect(view.model).toEqual({ count: 2, items: ["a", "b"] });
    expect(view.version).toBe(3);
    expect(view.patches).toBe(2);
    expect(view.resyncs).toBe(0);
    expect(seen).toEqual([1, 2, 2]);
    view.close();
  });

  it("asks for a snapshot after a gap, once, and carries on with patches from there", async () => {
    models.set("board:2", { count: 5, items: [] });
    const view = open("board:2");
    await view.ready();
    // A patch from versions of its epoch this client never saw, twice: one resync.
    const epoch = view.epoch;
    running.endpoint.broadcast("board:2", "patch", { epoch, from: 40, version: 41, ops: [{ op: "replace", path: "/count", value: 41 }] });
    running.endpoint.broadcast("board:2", "patch", { epoch, from: 41, version: 42, ops: [{ op: "replace", path: "/count", value: 42 }] });
    change("board:2", (b) => (b.count = 6));
    await eventually(() => view.model?.count === 6 && view.resyncs === 1, 3000, "the resync");
    change("board:2", (b) => (b.count = 7));
    await eventually(() => view.model?.count === 7, 3000, "a patch after the resync");
    expect(view.resyncs).toBe(1);
    expect(view.epochChanges).toBe(0);
    view.close();
  });

  it("tells another epoch's patch (another node's or a restarted server's versions) from a gap, and resyncs", async () => {
    models.set("board:6", { count: 1, items: [] });
    const view = open("board:6");
    await view.ready();
    expect(view.epoch).toEqual(expect.any(String));
    // The very next version, but counted by another server instance.
    running.endpoint.broadcast("board:6", "patch", {
      epoch: `${view.epoch}-other`,
      from: view.version,
      version: view.version! + 1,
      ops: [{ op: "replace", path: "/count", value: 99 }],
    });
    await eventually(() => view.epochChanges === 1, 3000, "the epoch change");
    change("board:6", (b) => (b.count = 2));
    await eventually(() => view.model?.count === 2, 3000, "patches carry on");
    expect(view.resyncs).toBe(0);
    expect(view.model?.count).not.toBe(99);
    view.close();
  });

  it("resyncs when a patch does not apply to the model it holds", async () => {
    models.set("board:3", { count: 1, items: [] });
    const view = open("board:3");
    await view.ready();
    const at = view.version!;
    running.endpoint.broadcast("board:3", "patch", {
      epoch: view.epoch,
      from: at,
      version: at + 1,
      ops: [{ op: "replace", path: "/missing/deep", value: 1 }],
    });
    await eventually(() => view.resyncs === 1 && view.model?.count === 1, 3000, "the resync");
    expect(view.model).toEqual({ count: 1, items: [] });
    // Not a patch at all: the same.
    running.endpoint.broadcast("board:3", "patch", { ops: "none" });
    await eventually(() => view.resyncs === 2, 3000, "the second resync");
    change("board:3", (b) => (b.count = 2));
    await eventually(() => view.model?.count === 2, 3000, "patches carry on");
    view.close();
  });

  it("replaces the model with each rejoin's snapshot after a reconnect", async () => {
    models.set("board:4", { count: 1, items: [] });
    const own = clientSocket(running.url);
    try {
      const view = new LiveView<Board>(own.channel("board:4", {})).start();
      await view.ready();
      await new Promise<void>((resolve) => own.disconnect(resolve));
      change("board:4", (b) => (b.count = 9));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(view.model?.count).toBe(1);
      own.connect();
      await eventually(() => view.model?.count === 9, 5000, "the rejoin's snapshot");
      expect(view.resyncs).toBe(0);
    } finally {
      own.disconnect();
    }
  });

  it("reports a refused join with its reason; close leaves once", async () => {
    const view = open("board:secret");
    expect(await view.ready()).toBe("refused");
    expect(view.refusal).toBe("forbidden");
    expect(view.model).toBeNull();
    const joined = open("board:5");
    await joined.ready();
    expect(running.endpoint.subscriberCount("board:5")).toBe(1);
    joined.close();
    joined.close();
    await eventually(() => running.endpoint.subscriberCount("board:5") === 0, 3000, "the leave");
    view.close();
  });
});
