import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Socket } from "phoenix";
import { WebSocket } from "ws";
import type { ChannelHandler } from "../src/index.ts";
import { eventually, startEndpoint, upgradeStatus, type Running } from "./helpers.ts";
import { clientSocket, join, reply, type Vsn } from "./phoenix-client.ts";

/**
 * The official `phoenix` client against the engine, over both serializers and
 * both transports: the protocol as real clients see it.
 */
const joins: string[] = [];

const room: ChannelHandler = {
  join(topic, payload) {
    const p = (payload ?? {}) as Record<string, unknown>;
    if (p["crash"]) throw new Error("join blew up");
    if (p["reject"]) return { error: { reason: "unauthorized" } };
    joins.push(topic);
    return { ok: { joined: topic } };
  },
  handleIn(event, payload, channel) {
    switch (event) {
      case "ping":
        return { ok: payload };
      case "fail":
        return { error: { reason: "nope" } };
      case "crash":
        throw new Error("handler blew up");
      case "bad_shape":
        return 42 as never;
      case "broadcast":
        channel.broadcast("msg", payload);
        return { noreply: true };
      case "echo_binary":
        return { ok: payload };
      default:
        return { error: { reason: `unknown event ${event}` } };
    }
  },
};

let running: Running;
const sockets: Socket[] = [];

function connect(vsn: Vsn, longPoll = false, params: Record<string, unknown> = {}): Socket {
  const socket = clientSocket(running.url, { vsn, longPoll, params });
  sockets.push(socket);
  return socket;
}

beforeAll(async () => {
  running = await startEndpoint(
    {
      longPoll: { pollTimeoutMs: 500 },
      connect: (params) => (params["deny"] ? false : { id: params["user"] ?? null, assigns: {} }),
    },
    (endpoint) => endpoint.channel("room:*", room),
  );
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await running.close();
});

const transports = [
  { name: "websocket vsn=2.0.0", vsn: "2.0.0" as Vsn, longPoll: false },
  { name: "websocket vsn=1.0.0", vsn: "1.0.0" as Vsn, longPoll: false },
  { name: "long-poll vsn=2.0.0", vsn: "2.0.0" as Vsn, longPoll: true },
];

describe.each(transports)("$name", ({ vsn, longPoll }) => {
  it("joins, replies ok and error, and refuses bad joins", async () => {
    const socket = connect(vsn, longPoll);
    const channel = socket.channel("room:a", {});
    expect(await join(channel)).toEqual({ status: "ok", response: { joined: "room:a" } });
    expect(await reply(channel.push("ping", { n: 1 }))).toEqual({ status: "ok", response: { n: 1 } });
    expect(await reply(channel.push("fail", {}))).toEqual({ status: "error", response: { reason: "nope" } });
    expect(await join(socket.channel("room:b", { reject: true }))).toEqual({ status: "error", response: { reason: "unauthorized" } });
    expect(await join(socket.channel("nowhere:1", {}))).toEqual({ status: "error", response: { reason: "unmatched topic" } });
    expect(await join(socket.channel("room:c", { crash: true }))).toEqual({ status: "error", response: { reason: "join crashed" } });
  });

  it("delivers broadcasts to every subscriber in order", async () => {
    const topic = `room:order-${vsn}-${longPoll}`;
    const a = connect(vsn, longPoll).channel(topic, {});
    const b = connect(vsn, longPoll).channel(topic, {});
    await join(a);
    await join(b);
    const got: Record<string, number[]> = { a: [], b: [] };
    a.on("msg", (p: { n: number }) => void got["a"]!.push(p.n));
    b.on("msg", (p: { n: number }) => void got["b"]!.push(p.n));
    const expected = Array.from({ length: 100 }, (_, i) => i);
    for (const n of expected) a.push("broadcast", { n });
    await eventually(() => got["a"]!.length === 100 && got["b"]!.length === 100, 10_000, "100 broadcasts");
    expect(got["a"]).toEqual(expected);
    expect(got["b"]).toEqual(expected);
  });

  it("answers heartbeats", async () => {
    const socket = connect(vsn, longPoll);
    await eventually(() => socket.isConnected(), 5000, "connected");
    const latency = await new Promise<number>((resolve) => socket.ping(resolve));
    expect(latency).toBeGreaterThanOrEqual(0);
  });

  it("leaves with an ok reply and closes the channel", async () => {
    const socket = connect(vsn, longPoll);
    const channel = socket.channel("room:leave", {});
    await join(channel);
    let closed = false;
    channel.onClose(() => void (closed = true));
    expect(await reply(channel.leave())).toMatchObject({ status: "ok" });
    await eventually(() => closed, 5000, "channel close");
    // The client resolves its leave without waiting; the server's phx_close follows.
    await eventually(() => running.endpoint.subscriberCount("room:leave") === 0, 5000, "server-side leave");
  });

  it("isolates a crashing channel: phx_error for it, the others live on, and it rejoins", async () => {
    const socket = connect(vsn, longPoll);
    const crashy = socket.channel(`room:crashy-${vsn}-${longPoll}`, {});
    const calm = socket.channel(`room:calm-${vsn}-${longPoll}`, {});
    await join(crashy);
    await join(calm);
    let errored = 0;
    crashy.onError(() => void errored++);
    const before = joins.filter((t) => t === crashy.topic).length;
    crashy.push("crash", {});
    await eventually(() => errored > 0, 5000, "phx_error");
    expect(await reply(calm.push("ping", { still: "alive" }))).toEqual({ status: "ok", response: { still: "alive" } });
    await eventually(() => joins.filter((t) => t === crashy.topic).length > before, 5000, "rejoin after error");
    expect(await reply(crashy.push("ping", { back: true }))).toEqual({ status: "ok", response: { back: true } });
  });

  it("treats a callback returning a wrong shape as a crash of that channel", async () => {
    const socket = connect(vsn, longPoll);
    const channel = socket.channel(`room:shape-${vsn}-${longPoll}`, {});
    await join(channel);
    let errored = false;
    channel.onError(() => void (errored = true));
    channel.push("bad_shape", {});
    await eventually(() => errored, 5000, "phx_error for bad shape");
  });

  it("reconnects and rejoins after the server drops the connection", async () => {
    const user = `u-${vsn}-${longPoll}`;
    const socket = connect(vsn, longPoll, { user });
    const topic = `room:reconnect-${vsn}-${longPoll}`;
    const channel = socket.channel(topic, {});
    await join(channel);
    const before = joins.filter((t) => t === topic).length;
    running.endpoint.disconnect(user);
    await eventually(() => joins.filter((t) => t === topic).length > before, 5000, "rejoin");
    const got: unknown[] = [];
    channel.on("msg", (p: unknown) => void got.push(p));
    running.endpoint.broadcast(topic, "msg", { after: "reconnect" });
    await eventually(() => got.length === 1, 5000, "broadcast after rejoin");
  });
});

describe("Phoenix's rules, through the official client", () => {
  it('joins "room:" on a "room:*" route, as Phoenix\'s "room:" <> _', async () => {
    const socket = connect("2.0.0");
    expect(await join(socket.channel("room:", {}))).toEqual({ status: "ok", response: { joined: "room:" } });
  });

  it("cannot connect with a vsn outside ~> 2.0.0 / ~> 1.0.0", async () => {
    for (const vsn of ["2.1.0", "3.0.0"]) {
      const socket = new Socket(running.url, {
        transport: WebSocket as unknown as typeof globalThis.WebSocket,
        vsn,
        reconnectAfterMs: () => 60_000,
      });
      sockets.push(socket);
      let errors = 0;
      socket.onError(() => void errors++);
      socket.connect();
      await eventually(() => errors > 0, 5000, `socket error for vsn ${vsn}`);
      expect(socket.isConnected()).toBe(false);
    }
  });

  it("falls back to long-poll across an engine restart on the same port: the client recovers by itself", async () => {
    const room: ChannelHandler = { join: (topic) => ({ ok: { joined: topic } }) };
    let server = await startEndpoint({ longPoll: { pollTimeoutMs: 300 } }, (endpoint) => endpoint.channel("room:*", room));
    const port = server.port;
    try {
      const socket = clientSocket(server.url, { longPoll: true });
      sockets.push(socket);
      const channel = socket.channel("room:restart", {});
      let joins = 0;
      channel.join().receive("ok", () => void joins++);
      await eventually(() => joins === 1, 5000, "first join");
      const got: unknown[] = [];
      channel.on("msg", (payload: unknown) => void got.push(payload));

      await server.close();
      server = await startEndpoint({ longPoll: { pollTimeoutMs: 300 } }, (endpoint) => endpoint.channel("room:*", room), port);
      await eventually(() => joins === 2 && server.endpoint.subscriberCount("room:restart") === 1, 10_000, "rejoin on the new server");
      server.endpoint.broadcast("room:restart", "msg", { after: "restart" });
      await eventually(() => got.length === 1, 5000, "broadcast from the new server");
      expect(got).toEqual([{ after: "restart" }]);
      socket.disconnect();
    } finally {
      await server.close();
    }
  });
});

describe("websocket only", () => {
  it("round-trips binary payloads (vsn 2 binary frames)", async () => {
    const socket = connect("2.0.0");
    const channel = socket.channel("room:binary", {});
    await join(channel);
    const bytes = new Uint8Array([0, 1, 2, 250, 255]).buffer;
    const answer = await reply(channel.push("echo_binary", bytes));
    expect(answer.status).toBe("ok");
    expect(Array.from(new Uint8Array(answer.response as ArrayBuffer))).toEqual([0, 1, 2, 250, 255]);
  });

  it("refuses a connection that connect() rejects", async () => {
    const socket = connect("2.0.0", false, { deny: "yes" });
    let errors = 0;
    socket.onError(() => void errors++);
    await eventually(() => errors > 0, 5000, "socket error");
    expect(socket.isConnected()).toBe(false);
    const status = await upgradeStatus(running.port, "/socket/websocket?vsn=2.0.0&deny=1");
    expect(status).toBe(403);
    socket.disconnect();
  });
});
