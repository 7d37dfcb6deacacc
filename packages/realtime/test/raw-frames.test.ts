import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEndpoint, RawClient, eventually, type Running } from "./helpers.ts";

/** The protocol at the frame level: malformed input and lifecycle rules the client never exercises. */
let running: Running;

beforeAll(async () => {
  running = await startEndpoint({ maxFrameBytes: 4096, idleTimeoutMs: 400 }, (endpoint) => {
    endpoint.channel("room:*", { join: (topic) => ({ ok: { topic } }), handleIn: (_e, p) => ({ ok: p }) });
    endpoint.channel("quiet:*", { join: () => ({ ok: {} }) });
  });
});

afterAll(() => running.close());

const isReply = (ref: string) => (f: unknown) => Array.isArray(f) && f[1] === ref && f[3] === "phx_reply";

describe("malformed frames", () => {
  it.each([
    ["not JSON", "{nope"],
    ["a JSON object under vsn 2", JSON.stringify({ topic: "room:1", event: "x", payload: {} })],
    ["a short array", JSON.stringify(["1", "1", "room:1"])],
    ["a numeric topic", JSON.stringify(["1", "1", 42, "phx_join", {}])],
    ["a binary frame of the wrong kind", Buffer.from([2, 1, 1, 97, 98])],
    ["a binary frame shorter than its header", Buffer.from([0, 9, 9, 9, 9, 1])],
  ])("closes the socket with 1007 on %s and keeps serving others", async (_name, frame) => {
    const bad = await RawClient.connect(running.url);
    const good = await RawClient.connect(running.url);
    bad.send(frame);
    const closed = await bad.waitClosed();
    expect(closed.code).toBe(1007);
    expect(closed.reason).toMatch(/^invalid frame: /);
    good.send(["1", "1", "room:alive", "phx_join", {}]);
    expect(await good.waitFor(isReply("1"))).toEqual([
      "1",
      "1",
      "room:alive",
      "phx_reply",
      { status: "ok", response: { topic: "room:alive" } },
    ]);
    good.close();
  });

  it("closes with 1009 on a frame over the size limit", async () => {
    const client = await RawClient.connect(running.url);
    client.send(["1", "1", "room:big", "phx_join", { blob: "x".repeat(10_000) }]);
    expect((await client.waitClosed()).code).toBe(1009);
  });

  it.each(["vsn=9.0.0", "vsn=3.0.0", "vsn=2.1.0", "vsn=1.1.0", "vsn=2.0", "vsn="])(
    "refuses %s with 403 before the upgrade, as Phoenix (~> 2.0.0, ~> 1.0.0)",
    async (query) => {
      await expect(RawClient.connect(running.url, query)).rejects.toThrow(/403/);
    },
  );

  it("takes a missing vsn as 1.0.0", async () => {
    const client = await RawClient.connect(running.url, "");
    client.send({ topic: "room:novsn", event: "phx_join", payload: {}, ref: "1" });
    expect(await client.waitFor((f) => (f as { ref?: string }).ref === "1")).toEqual({
      topic: "room:novsn",
      event: "phx_reply",
      payload: { status: "ok", response: { topic: "room:novsn" } },
      ref: "1",
    });
    client.close();
  });
});

describe("lifecycle", () => {
  it("answers a push to a topic the socket has not joined with unmatched topic", async () => {
    const client = await RawClient.connect(running.url);
    client.send(["7", "8", "room:never", "hello", {}]);
    expect(await client.waitFor(isReply("8"))).toEqual([
      "7",
      "8",
      "room:never",
      "phx_reply",
      { status: "error", response: { reason: "unmatched topic" } },
    ]);
    client.close();
  });

  it("answers an event the channel does not handle with an error naming it", async () => {
    const client = await RawClient.connect(running.url);
    client.send(["1", "1", "quiet:1", "phx_join", {}]);
    await client.waitFor(isReply("1"));
    client.send(["1", "2", "quiet:1", "whatever", {}]);
    expect(await client.waitFor(isReply("2"))).toEqual([
      "1",
      "2",
      "quiet:1",
      "phx_reply",
      { status: "error", response: { reason: 'unhandled event "whatever"' } },
    ]);
    client.close();
  });

  it("closes the older channel on a duplicate join and keeps the new one", async () => {
    const client = await RawClient.connect(running.url);
    client.send(["1", "1", "room:dup", "phx_join", {}]);
    await client.waitFor(isReply("1"));
    client.send(["2", "2", "room:dup", "phx_join", {}]);
    await client.waitFor(isReply("2"));
    expect(await client.waitFor((f) => Array.isArray(f) && f[3] === "phx_close")).toEqual(["1", "1", "room:dup", "phx_close", {}]);
    running.endpoint.broadcast("room:dup", "news", { n: 1 });
    await client.waitFor((f) => Array.isArray(f) && f[3] === "news");
    expect(client.json().filter((f) => Array.isArray(f) && f[3] === "news")).toHaveLength(1);
    // A push with the old join ref is stale.
    client.send(["1", "3", "room:dup", "ping", {}]);
    expect(await client.waitFor(isReply("3"))).toEqual([
      "1",
      "3",
      "room:dup",
      "phx_reply",
      { status: "error", response: { reason: "unmatched topic" } },
    ]);
    client.close();
  });

  it("answers heartbeats on the phoenix topic", async () => {
    const client = await RawClient.connect(running.url);
    client.send([null, "9", "phoenix", "heartbeat", {}]);
    expect(await client.waitFor(isReply("9"))).toEqual([null, "9", "phoenix", "phx_reply", { status: "ok", response: {} }]);
    client.close();
  });

  it("closes a socket that sends nothing for the idle timeout", async () => {
    const client = await RawClient.connect(running.url);
    const closed = await client.waitClosed();
    expect(closed.code).toBe(1001);
    expect(closed.reason).toMatch(/idle/);
  });

  it("keeps a socket that heartbeats", async () => {
    const client = await RawClient.connect(running.url);
    for (let i = 0; i < 8; i++) {
      client.send([null, `${i}`, "phoenix", "heartbeat", {}]);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(client.closed).toBeUndefined();
    client.close();
  });

  it("speaks vsn 1.0.0 objects, writing only topic, event, payload and ref (Phoenix's V1 format)", async () => {
    const client = await RawClient.connect(running.url, "vsn=1.0.0");
    client.send({ topic: "room:v1", event: "phx_join", payload: {}, ref: "1", join_ref: "1" });
    expect(await client.waitFor((f) => (f as { ref?: string }).ref === "1")).toStrictEqual({
      topic: "room:v1",
      event: "phx_reply",
      payload: { status: "ok", response: { topic: "room:v1" } },
      ref: "1",
    });
    running.endpoint.broadcast("room:v1", "news", { n: 1 });
    expect(await client.waitFor((f) => (f as { event?: string }).event === "news")).toStrictEqual({
      topic: "room:v1",
      event: "news",
      payload: { n: 1 },
      ref: null,
    });
    client.close();
  });

  it("joins a vsn 1.0.0 client that sends no join_ref, and serves the channel", async () => {
    const client = await RawClient.connect(running.url, "vsn=1.0.0");
    client.send({ topic: "room:legacy", event: "phx_join", payload: {}, ref: "1" });
    expect(await client.waitFor((f) => (f as { ref?: string }).ref === "1")).toStrictEqual({
      topic: "room:legacy",
      event: "phx_reply",
      payload: { status: "ok", response: { topic: "room:legacy" } },
      ref: "1",
    });
    client.send({ topic: "room:legacy", event: "echo", payload: { hi: true }, ref: "2" });
    expect(await client.waitFor((f) => (f as { ref?: string }).ref === "2")).toStrictEqual({
      topic: "room:legacy",
      event: "phx_reply",
      payload: { status: "ok", response: { hi: true } },
      ref: "2",
    });
    client.send({ topic: "room:legacy", event: "phx_leave", payload: {}, ref: "3" });
    expect(await client.waitFor((f) => (f as { event?: string }).event === "phx_close")).toStrictEqual({
      topic: "room:legacy",
      event: "phx_close",
      payload: {},
      ref: null,
    });
    await eventually(() => running.endpoint.subscriberCount("room:legacy") === 0, 5000, "left");
    client.close();
  });

  it("joins a vsn 2.0.0 push with a null join_ref, as Phoenix, and refuses a stale one afterwards", async () => {
    const client = await RawClient.connect(running.url);
    client.send([null, "1", "room:nulljoin", "phx_join", {}]);
    expect(await client.waitFor(isReply("1"))).toEqual([
      null,
      "1",
      "room:nulljoin",
      "phx_reply",
      { status: "ok", response: { topic: "room:nulljoin" } },
    ]);
    client.send([null, "2", "room:nulljoin", "echo", { n: 2 }]);
    expect(await client.waitFor(isReply("2"))).toEqual([null, "2", "room:nulljoin", "phx_reply", { status: "ok", response: { n: 2 } }]);
    client.send(["9", "3", "room:nulljoin", "echo", {}]);
    expect(await client.waitFor(isReply("3"))).toEqual([
      "9",
      "3",
      "room:nulljoin",
      "phx_reply",
      { status: "error", response: { reason: "unmatched topic" } },
    ]);
    client.close();
  });

  it('routes "room:" (the empty rest) to "room:*", as Phoenix\'s "room:" <> _', async () => {
    const client = await RawClient.connect(running.url);
    client.send(["1", "1", "room:", "phx_join", {}]);
    expect(await client.waitFor(isReply("1"))).toEqual(["1", "1", "room:", "phx_reply", { status: "ok", response: { topic: "room:" } }]);
    client.send(["2", "2", "room", "phx_join", {}]);
    expect(await client.waitFor(isReply("2"))).toEqual([
      "2",
      "2",
      "room",
      "phx_reply",
      { status: "error", response: { reason: "unmatched topic" } },
    ]);
    client.close();
  });

  it("counts and serves metrics in Prometheus text", async () => {
    const text = await running.endpoint.metrics.text();
    expect(text).toMatch(/^plenum_sockets \d+$/m);
    expect(text).toMatch(/^plenum_messages_in_total \d+$/m);
    expect(text).toMatch(/plenum_broadcast_fanout_seconds_bucket/);
    await eventually(() => running.endpoint.socketCount >= 0);
  });
});

describe("fan-out isolation", () => {
  it("skips a client that cannot encode a broadcast and still reaches the others", async () => {
    const v1 = await RawClient.connect(running.url, "vsn=1.0.0");
    const v2 = await RawClient.connect(running.url);
    v1.send({ topic: "room:mixed", event: "phx_join", payload: {}, ref: "1", join_ref: "1" });
    v2.send(["1", "1", "room:mixed", "phx_join", {}]);
    await v1.waitFor((f) => (f as { ref?: string }).ref === "1");
    await v2.waitFor(isReply("1"));
    running.endpoint.broadcast("room:mixed", "bin", new Uint8Array([1, 2, 3]));
    running.endpoint.broadcast("room:mixed", "text", { after: true });
    await eventually(() => v2.frames.some((f) => Buffer.isBuffer(f)), 5000, "binary broadcast on v2");
    await v1.waitFor((f) => (f as { event?: string }).event === "text");
    expect(v1.closed).toBeUndefined();
    v1.close();
    v2.close();
  });
});
