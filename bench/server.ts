/**
 * The bench server: the engine alone, with the channel every benchmark and
 * outside check talks to. `PORT` (default 4000), `REDIS_URL` (clustered
 * through Redis when set), `NODE_NAME`, `REDIS_PREFIX` (namespace of the Redis
 * channels, default `plenum:`, so concurrent clusters on one Redis stay apart).
 *
 *   room:<any>   join {user?, list?, recover?} → ok; `user` is tracked in presence under that key;
 *                `list` (default: user given) asks for presence_state + diffs (bench/lib/room-join.ts);
 *                room topics keep history (the last 1,000 messages, 120 s): every broadcast carries
 *                `_history` {epoch, offset}, the join reply `_history` {epoch, offset}, and a join with
 *                `recover` {epoch, offset} gets `recovered` and the missed messages first (docs/history.md)
 *                push "ping" p → reply ok p
 *                push "broadcast" p → broadcast "msg" p to the topic (sender included)
 *   GET /bench/broadcast?topic=room:x&n=N[&coalesce=key][&pad=B] → N broadcasts "msg" {seq, t}, with that
 *                coalesce key if given (latest value wins in a slow reader's queue), and with `rows` of
 *                about B bytes of view-model-like JSON if given (for compression); answers once queued
 *   GET /metrics → Prometheus text
 *   /api/realtime/… → the engine's server API (docs/server-api.md), when `SERVER_API_TOKEN` is set
 *
 * More environment: `DRAIN_BATCH_SIZE`, `DRAIN_INTERVAL_MS`, `DRAIN_SHUTDOWN_MS` (how SIGTERM lets the
 * sockets go, default the engine's), `PER_MESSAGE_DEFLATE=1` (permessage-deflate on;
 * `=context` with context takeover), `HISTORY=memory|redis|off` (where room topics keep history:
 * default `redis` when clustered, else `memory`; `redis` unclustered uses REDIS_URL or
 * redis://127.0.0.1:6379 under `<REDIS_PREFIX>h:`, by default a prefix of this process's own;
 * `off` keeps none, for a side-by-side measurement).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { Endpoint, EngineMetrics, type PubSub } from "../packages/realtime/src/index.ts";
import { RedisPubSub } from "../packages/realtime/src/pubsub/redis.ts";
import { MemoryHistory } from "../packages/realtime/src/history/memory.ts";
import { RedisHistory } from "../packages/realtime/src/history/redis.ts";
import { joinRoom } from "./lib/room-join.ts";

const port = Number(process.env["PORT"] ?? 4000);
const host = process.env["HOST"] ?? "127.0.0.1";
const logger = pino({ level: process.env["LOG_LEVEL"] ?? "info", name: process.env["NODE_NAME"] ?? "bench" });
const metrics = new EngineMetrics({ defaultMetrics: true });
const redisUrl = process.env["REDIS_URL"];
const nodeId = process.env["NODE_NAME"];
const prefix = process.env["REDIS_PREFIX"];
const pubsub: PubSub | undefined = redisUrl
  ? new RedisPubSub({ url: redisUrl, logger, registry: metrics.registry, ...(nodeId ? { nodeId } : {}), ...(prefix ? { prefix } : {}) })
  : undefined;

const envNumber = (name: string): number | undefined => {
  const value = process.env[name];
  if (value === undefined || value === "") return undefined;
  const number = Number(value);
  if (!Number.isFinite(number)) throw new Error(`${name} must be a number, got ${value}`);
  return number;
};
const drain = Object.fromEntries(
  (
    [
      ["batchSize", envNumber("DRAIN_BATCH_SIZE")],
      ["intervalMs", envNumber("DRAIN_INTERVAL_MS")],
      ["shutdownMs", envNumber("DRAIN_SHUTDOWN_MS")],
    ] as const
  ).filter(([, value]) => value !== undefined),
);
const serverApiToken = process.env["SERVER_API_TOKEN"];
const historyKind = process.env["HISTORY"] || (redisUrl ? "redis" : "memory");
if (!["memory", "redis", "off"].includes(historyKind)) throw new Error(`HISTORY must be memory, redis or off, got ${historyKind}`);
// Unclustered, nothing else shares the keys: a prefix of its own keeps concurrent bench servers apart, and a
// short meta TTL lets Redis forget what a run left.
const historyStore =
  historyKind === "off"
    ? undefined
    : historyKind === "redis"
      ? new RedisHistory({
          url: redisUrl ?? "redis://127.0.0.1:6379",
          prefix: `${prefix ?? (redisUrl ? "plenum:" : `plenum:bench-${process.pid}:`)}h:`,
          ...(redisUrl ? {} : { metaTtlSeconds: 600 }),
        })
      : new MemoryHistory();

const endpoint = new Endpoint({
  logger,
  metrics,
  presence: true,
  ...(pubsub ? { pubsub } : {}),
  // Benchmarks push bursts; give each socket room for a few thousand frames.
  queue: { maxMessages: 10_000, maxBytes: 4 * 1024 * 1024 },
  // Round-trip scenarios push as fast as the server answers: the inbound rate limit must not be what they measure.
  limits: { messagesPerSecond: 1_000_000, burst: 1_000_000 },
  drain,
  perMessageDeflate: { "1": true, context: { contextTakeover: true } }[process.env["PER_MESSAGE_DEFLATE"] ?? ""] ?? false,
  ...(serverApiToken ? { serverApi: { token: serverApiToken } } : {}),
  ...(historyStore ? { history: { store: historyStore, topics: { "room:*": { maxMessages: 1_000, ttlSeconds: 120 } } } } : {}),
});

endpoint.channel("room:*", {
  join: joinRoom,
  handleIn(event, payload, channel) {
    if (event === "ping") return { ok: payload };
    if (event === "broadcast") {
      channel.broadcast("msg", payload);
      return { noreply: true };
    }
    return { error: { reason: `unknown event ${event}` } };
  },
});

/** About `bytes` of JSON shaped like a live view's list (repetitive keys, varied values), or none. */
function viewRows(bytes: number): { id: string; title: string; votes: number; open: boolean }[] | undefined {
  if (bytes === 0) return undefined;
  const rows = [];
  for (let i = 0; JSON.stringify(rows).length < bytes; i++) {
    rows.push({
      id: `p-${(i * 7919).toString(36)}`,
      title: `Motion ${i}: amendment to section ${i % 13}`,
      votes: (i * 37) % 101,
      open: i % 3 === 0,
    });
  }
  return rows;
}

const server = createServer((req, res) => {
  if (endpoint.handleRequest(req, res)) return;
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname === "/metrics") {
    void metrics.text().then((text) => res.writeHead(200, { "content-type": metrics.contentType }).end(text));
    return;
  }
  if (url.pathname === "/bench/broadcast") {
    const topic = url.searchParams.get("topic") ?? "";
    const n = Number(url.searchParams.get("n") ?? "1");
    if (!topic.startsWith("room:") || !Number.isInteger(n) || n < 1 || n > 1_000_000) {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "topic=room:… and 1 ≤ n ≤ 1,000,000" }));
      return;
    }
    const coalesce = url.searchParams.get("coalesce");
    const options = coalesce ? { coalesce } : {};
    const pad = Number(url.searchParams.get("pad") ?? "0");
    if (!Number.isInteger(pad) || pad < 0 || pad > 1_000_000) {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "0 ≤ pad ≤ 1,000,000" }));
      return;
    }
    const rows = viewRows(pad);
    for (let seq = 0; seq < n; seq++) endpoint.broadcast(topic, "msg", { seq, t: Date.now(), ...(rows ? { rows } : {}) }, options);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ queued: n }));
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 60_000;
endpoint.attach(server);

await endpoint.start();
// PORT=0 binds any free port; the line reports the bound one so runners can find it.
server.listen(port, host, () =>
  logger.info(
    { port: (server.address() as AddressInfo).port, host, clustered: Boolean(redisUrl), history: historyKind },
    "bench server listening",
  ),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    void endpoint.close().then(() => process.exit(0));
  });
}
