import { setImmediate as tick } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { startEndpoint, eventually, RawClient, type Running } from "./helpers.ts";
import { TcpWsClient } from "./tcp-client.ts";

/**
 * A join storm's failure mode at the socket level: a reader that stops
 * reading while the server keeps broadcasting must not grow server memory.
 */
const limits = { maxMessages: 1024, maxBytes: 1024 * 1024 };
let running: Running;

afterEach(() => running.close());

async function setup(options: { maxOutboundBytes?: number } = {}): Promise<Running> {
  running = await startEndpoint({ queue: limits, ...options }, (endpoint) => endpoint.channel("feed:*", { join: () => ({ ok: {} }) }));
  return running;
}

async function joinPaused(topic: string): Promise<TcpWsClient> {
  const slow = await TcpWsClient.connect(running.port, "/socket/websocket?vsn=2.0.0");
  slow.sendText(JSON.stringify(["1", "1", topic, "phx_join", {}]));
  await eventually(() => slow.texts.length > 0, 5000, "join reply");
  slow.pause();
  return slow;
}

/**
 * A reader that keeps up, counting `msg` frames and checking their order as
 * they arrive instead of keeping them, so heap figures measure the server.
 */
async function joinCounting(topic: string): Promise<{ client: RawClient; received: () => number; inOrder: () => boolean }> {
  const client = await RawClient.connect(running.url);
  client.send(["1", "1", topic, "phx_join", {}]);
  await client.waitFor((f) => Array.isArray(f) && f[1] === "1");
  let received = 0;
  let inOrder = true;
  client.ws.removeAllListeners("message");
  client.ws.on("message", (data) => {
    if ((JSON.parse(String(data))[4] as { seq: number }).seq !== received) inOrder = false;
    received++;
  });
  return { client, received: () => received, inOrder: () => inOrder };
}

function queueBytes(text: string): number {
  return Number(/^plenum_queue_bytes (\d+)/m.exec(text)?.[1] ?? NaN);
}

describe("slow consumer", () => {
  it("closes a reader that stops reading, keeps memory bounded and fast readers whole", async () => {
    await setup();
    const slow = await joinPaused("feed:firehose");
    const reader = await joinCounting("feed:firehose");
    const fast = reader.client;

    const blob = "x".repeat(1000);
    const heapBefore = process.memoryUsage().heapUsed;
    let peakQueue = 0;
    const total = 100_000;
    for (let seq = 0; seq < total; seq++) {
      running.endpoint.broadcast("feed:firehose", "msg", { seq, blob });
      if (seq % 100 === 99) {
        // Let transports drain between bursts, as a real event loop does.
        await tick();
        if (seq % 5000 === 4999) peakQueue = Math.max(peakQueue, queueBytes(await running.endpoint.metrics.text()));
      }
    }
    await eventually(() => reader.received() >= total || fast.closed !== undefined, 30_000, "fast reader receives everything");
    expect(fast.closed).toBeUndefined();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

    const metrics = await running.endpoint.metrics.text();
    expect(metrics).toMatch(/^plenum_slow_consumer_closes_total 1$/m);
    expect(running.endpoint.socketCount).toBe(1);
    expect(fast.closed).toBeUndefined();
    expect(reader.received()).toBe(total);
    expect(reader.inOrder()).toBe(true);
    // Per-socket limits bound what the server holds: two sockets, plus what ws keeps in flight.
    expect(peakQueue).toBeLessThanOrEqual(2 * (limits.maxBytes + 64 * 1024 + 2048));
    expect(heapGrowth).toBeLessThan(64 * 1024 * 1024);
    slow.destroy();
  }, 60_000);

  it("coalesces instead of closing when messages carry a coalesce key", async () => {
    await setup();
    const slow = await joinPaused("feed:state");
    const blob = "y".repeat(1000);
    for (let version = 1; version <= 100_000; version++) {
      running.endpoint.broadcast("feed:state", "state", { version, blob }, { coalesce: "dashboard" });
      if (version % 1000 === 0) await tick();
    }
    const metrics = await running.endpoint.metrics.text();
    expect(Number(/^plenum_coalesced_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(50_000);
    expect(metrics).toMatch(/^plenum_slow_consumer_closes_total 0$/m);
    expect(queueBytes(metrics)).toBeLessThanOrEqual(limits.maxBytes + 64 * 1024 + 2048);
    slow.resume();
    // The reader catches up and ends on the newest state.
    await eventually(() => slow.texts.some((t) => t.includes('"version":100000')), 10_000, "latest state");
    const versions = slow.texts.slice(1).map((t) => (JSON.parse(t)[4] as { version: number }).version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(versions.length).toBeLessThan(100_000);
    slow.destroy();
  }, 60_000);

  it("sheds readers that fall behind once the node's queues together pass their budget", async () => {
    const budget = 512 * 1024;
    await setup({ maxOutboundBytes: budget });
    // Each would stay under its own 1 MiB limit long enough for four of them to pass the node's budget.
    const slow = await Promise.all([1, 2, 3, 4].map(() => joinPaused("feed:budget")));
    const reader = await joinCounting("feed:budget");
    const fast = reader.client;

    const blob = "z".repeat(1000);
    const total = 40_000;
    let peakQueue = 0;
    for (let seq = 0; seq < total; seq++) {
      running.endpoint.broadcast("feed:budget", "msg", { seq, blob });
      if (seq % 20 === 19) {
        await tick();
        peakQueue = Math.max(peakQueue, queueBytes(await running.endpoint.metrics.text()));
      }
    }
    await eventually(() => reader.received() >= total || fast.closed !== undefined, 30_000, "fast reader receives everything");
    const metrics = await running.endpoint.metrics.text();
    expect(fast.closed).toBeUndefined();
    expect(reader.received()).toBe(total);
    expect(reader.inOrder()).toBe(true);
    expect(running.endpoint.socketCount).toBe(1);
    expect(metrics).toMatch(/^plenum_dropped_total\{reason="node_budget"\} 4$/m);
    // Waiting frames within the budget; in flight at most the high-water mark plus a frame per socket.
    expect(peakQueue).toBeLessThanOrEqual(budget + 5 * (64 * 1024 + 2048));
    for (const client of slow) client.destroy();
  }, 60_000);
});
