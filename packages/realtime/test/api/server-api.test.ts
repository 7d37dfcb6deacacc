import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket as ClientSocket } from "phoenix";
import { Endpoint } from "../../src/index.ts";
import { eventually, httpRequest, startEndpoint, type Running } from "../helpers.ts";
import { clientSocket, join } from "../phoenix-client.ts";

/** The HTTP server API over a real server: publish, disconnect, presence counts; bearer token; bad input changes nothing. */
const TOKEN = "0123456789abcdef0123456789abcdef-server-api";
let running: Running;
let socket: ClientSocket;
const received: { event: string; payload: unknown }[] = [];

beforeAll(async () => {
  running = await startEndpoint(
    {
      presence: { broadcastWindowMs: 20 },
      serverApi: { token: TOKEN, maxBodyBytes: 4096 },
      connect: (params) => ({ id: params["user"] ? `user:${params["user"]}` : null }),
    },
    (endpoint) =>
      endpoint.channel("room:*", {
        join(_topic, payload, channel) {
          channel.track((payload as { key: string }).key, {});
          return { ok: {} };
        },
      }),
  );
  socket = clientSocket(running.url, { params: { user: "ann" } });
  const channel = socket.channel("room:api", { key: "ann" });
  for (const event of ["news", "other"]) channel.on(event, (payload: unknown) => void received.push({ event, payload }));
  await join(channel);
});

afterAll(async () => {
  socket.disconnect();
  await running.close();
});

function call(path: string, options: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const body = options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  return httpRequest(running.port, `/api/realtime${path}`, {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(body) }),
      ...options.headers,
    },
    ...(body === undefined ? {} : { body }),
  });
}

/** Publishes a marker and waits for it: everything published before it has arrived by then. */
async function settle(): Promise<void> {
  const marker = Math.random();
  expect((await call("/publish", { body: { topic: "room:api", event: "other", payload: { marker } } })).status).toBe(200);
  await eventually(() => received.some((r) => (r.payload as { marker?: number }).marker === marker), 5000, "the marker");
}

describe("server API", () => {
  it("publishes to every subscriber of the topic", async () => {
    const answer = await call("/publish", { body: { topic: "room:api", event: "news", payload: { headline: "hi" } } });
    expect(answer).toMatchObject({ status: 200, json: { ok: true } });
    await eventually(() => received.some((r) => r.event === "news"), 5000, "the publish");
    expect(received.find((r) => r.event === "news")?.payload).toEqual({ headline: "hi" });
  });

  it("refuses a missing or wrong token with 401, and publishes nothing", async () => {
    const before = received.length;
    for (const authorization of [undefined, "Bearer wrong", `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const headers = authorization === undefined ? { authorization: "" } : { authorization };
      const answer = await call("/publish", { body: { topic: "room:api", event: "news", payload: { leaked: true } }, headers });
      expect(answer.status).toBe(401);
      expect(answer.headers["www-authenticate"]).toBe('Bearer realm="plenum"');
      expect(answer.json).toEqual({
        error: { code: "unauthorized", message: "send the server API token as Authorization: Bearer <token>" },
      });
    }
    await settle();
    expect(received.slice(before).filter((r) => r.event === "news")).toEqual([]);
  });

  it("refuses requests from browsers (an Origin header), even with the token", async () => {
    const answer = await call("/publish", {
      body: { topic: "room:api", event: "news", payload: {} },
      headers: { origin: "http://127.0.0.1" },
    });
    expect(answer).toMatchObject({ status: 403, json: { error: { code: "forbidden_origin" } } });
  });

  it("answers bad input with 400 and what is wrong, and publishes nothing", async () => {
    const before = received.length;
    const cases: [unknown, RegExp][] = [
      ["{not json", /not valid JSON/],
      [[], /expected object/i],
      [{ topic: "", event: "news", payload: {} }, /topic: topic must not be empty/],
      [{ topic: "room:api", event: "phx_reply", payload: {} }, /event: event is reserved/],
      [{ topic: "room:api", event: "presence_diff", payload: {} }, /event is reserved/],
      [{ topic: "phoenix", event: "news", payload: {} }, /topic: topic "phoenix"/],
      [{ topic: "room:api", event: "news", payload: [1] }, /payload: payload must be a JSON object/],
      [{ topic: "room:api", event: "news", payload: {}, extra: 1 }, /extra/],
      [{ topic: "x".repeat(256), event: "news" }, /at most 255 characters/],
    ];
    for (const [body, message] of cases) {
      const answer = await call("/publish", { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json.error.code).toMatch(/^invalid_(json|request)$/);
      expect(answer.json.error.message).toMatch(message);
    }
    const oversized = await call("/publish", { body: { topic: "room:api", event: "news", payload: { blob: "x".repeat(5000) } } });
    expect(oversized).toMatchObject({ status: 413, json: { error: { code: "body_too_large" } } });
    const form = await call("/publish", { body: "topic=room:api", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(form).toMatchObject({ status: 415, json: { error: { code: "unsupported_media_type" } } });
    await settle();
    expect(received.slice(before).filter((r) => r.event === "news")).toEqual([]);
  });

  it("answers wrong methods with 405 and unknown routes with 404", async () => {
    expect((await call("/publish")).status).toBe(405);
    expect((await call("/presence/room:api", { method: "POST", body: {} })).status).toBe(405);
    expect(await call("/nothing")).toMatchObject({ status: 404, json: { error: { code: "not_found" } } });
  });

  it("counts presences of a topic, cluster-wide, and local subscribers", async () => {
    await eventually(async () => (await call("/presence/room%3Aapi")).json.keys === 1, 5000, "the presence");
    expect((await call("/presence/room%3Aapi")).json).toEqual({ topic: "room:api", keys: 1, presences: 1, localSubscribers: 1 });
    expect((await call("/presence/room:empty")).json).toEqual({ topic: "room:empty", keys: 0, presences: 0, localSubscribers: 0 });
    expect((await call("/presence/%E0%A4%A")).status).toBe(400);
  });

  it("disconnects every socket of an id; a bad body disconnects nobody", async () => {
    expect((await call("/disconnect", { body: { socketId: 42 } })).status).toBe(400);
    expect((await call("/disconnect", { body: { socket: "user:ann" } })).status).toBe(400);
    expect(socket.isConnected()).toBe(true);
    let closes = 0;
    socket.onClose(() => void closes++);
    expect(await call("/disconnect", { body: { socketId: "user:ann" } })).toMatchObject({ status: 200, json: { ok: true } });
    await eventually(() => closes > 0, 5000, "the close");
  });

  it("counts requests by route and status", async () => {
    const metrics = await running.endpoint.metrics.text();
    expect(metrics).toMatch(/^plenum_server_api_requests_total\{route="publish",status="200"\} [1-9]/m);
    expect(metrics).toMatch(/^plenum_server_api_requests_total\{route="publish",status="401"\} 4$/m);
    expect(metrics).toMatch(/^plenum_server_api_requests_total\{route="unknown",status="404"\} 1$/m);
  });
});

describe("server API configuration", () => {
  it("is off unless configured: its path is not served", async () => {
    const bare = await startEndpoint({}, () => {});
    try {
      const answer = await httpRequest(bare.port, "/api/realtime/publish", {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(answer.status).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it("refuses a weak token and a bad path when the endpoint is made", () => {
    expect(() => new Endpoint({ serverApi: { token: "short" } })).toThrow(/serverApi.token must be a string of at least 32 characters/);
    expect(() => new Endpoint({ serverApi: { token: TOKEN, path: "api/" } })).toThrow(/serverApi.path/);
  });
});
