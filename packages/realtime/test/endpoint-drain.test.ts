import { afterEach, describe, expect, it } from "vitest";
import { eventually, httpRequest, RawClient, startEndpoint, upgradeStatus, type Running } from "./helpers.ts";
import { clientSocket } from "./phoenix-client.ts";

/** Graceful drain: a closing endpoint refuses newcomers and lets its sockets go in batches (1012). */
let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function drainable(drain: { batchSize?: number; intervalMs?: number; shutdownMs?: number }): Promise<Running> {
  running = await startEndpoint({ drain, longPoll: { pollTimeoutMs: 200 } }, (endpoint) =>
    endpoint.channel("room:*", { join: () => ({ ok: {} }) }),
  );
  return running;
}

async function connectAll(server: Running, n: number): Promise<{ client: RawClient; closedAt?: number }[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const entry: { client: RawClient; closedAt?: number } = { client: await RawClient.connect(server.url) };
      entry.client.ws.on("close", () => (entry.closedAt = Date.now()));
      return entry;
    }),
  );
}

describe("Endpoint drain", () => {
  it("closes sockets with 1012 in batches, and refuses new connections meanwhile", async () => {
    // Batches far apart, so a loaded machine's delay in delivering close events cannot blur them.
    const server = await drainable({ batchSize: 3, intervalMs: 1000 });
    const sockets = await connectAll(server, 8);
    const started = Date.now();
    const drained = server.endpoint.drain();
    expect(await upgradeStatus(server.port, "/socket/websocket?vsn=2.0.0")).toBe(503);
    expect(await httpRequest(server.port, "/socket/longpoll?vsn=2.0.0")).toMatchObject({ status: 503, json: { status: 503 } });
    await drained;
    for (const { client } of sockets)
      expect(await client.waitClosed()).toEqual({ code: 1012, reason: "server restarting: reconnect after a backoff" });
    const offsets = sockets.map((s) => s.closedAt! - started).sort((a, b) => a - b);
    // Three batches (3, 3, 2), 1 s apart.
    expect(offsets[2]! - offsets[0]!).toBeLessThan(500);
    expect(offsets[3]! - offsets[2]!).toBeGreaterThanOrEqual(600);
    expect(offsets[6]! - offsets[5]!).toBeGreaterThanOrEqual(600);
    expect(offsets[7]!).toBeLessThan(5000);
    expect(await server.endpoint.metrics.text()).toMatch(/^plenum_drained_sockets_total 8$/m);
    expect(server.endpoint.socketCount).toBe(0);
  });

  it("fits the whole drain in shutdownMs however small the batches", async () => {
    const server = await drainable({ batchSize: 1, intervalMs: 10_000, shutdownMs: 400 });
    const sockets = await connectAll(server, 5);
    const started = Date.now();
    await server.endpoint.close();
    for (const { client } of sockets) await client.waitClosed();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(Math.max(...sockets.map((s) => s.closedAt!)) - started).toBeGreaterThanOrEqual(350);
  });

  it("close() drains first, and close during a drain waits for it; both are safe twice", async () => {
    const server = await drainable({ batchSize: 1, intervalMs: 200 });
    const sockets = await connectAll(server, 3);
    const drained = server.endpoint.drain();
    const closed = server.endpoint.close();
    await Promise.all([drained, closed, server.endpoint.drain(), server.endpoint.close()]);
    for (const { client } of sockets) expect((await client.waitClosed()).code).toBe(1012);
  });

  it("the official client comes back after a drain, to the node that serves next, and rejoins", async () => {
    const first = await drainable({ batchSize: 10, intervalMs: 0 });
    const port = first.port;
    const socket = clientSocket(first.url);
    try {
      const channel = socket.channel("room:x", {});
      let joins = 0;
      channel.join().receive("ok", () => joins++);
      await eventually(() => joins === 1, 5000, "joined");
      await first.close();
      running = await startEndpoint({}, (endpoint) => endpoint.channel("room:*", { join: () => ({ ok: {} }) }), port);
      await eventually(() => joins === 2, 5000, "rejoined on the new node");
    } finally {
      socket.disconnect();
    }
  });
});
