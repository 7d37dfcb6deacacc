/**
 * The bench server's contract (env `PORT`, `REDIS_URL`, `REDIS_PREFIX`,
 * `NODE_NAME`; `room:*` join {user} tracked, push "broadcast" p → "msg" p)
 * (a joiner with {user} gets presence_state first) plus dashboard trees as in the assembly app: `dashboard:*` join
 * {user} makes the joiner a viewer; presence counts viewers cluster-wide and
 * `Singletons` runs one `pollerTree` per viewed topic in the cluster, under a
 * `RedisLeaseStore` lease. Each dataset's "SQL query" is fake and logged, so
 * the runner can count queries per key and node and spot duplicates.
 *
 * Extra env: `DATASETS` (count, default 4), `INTERVAL_MS` (default 5000),
 * `PLACEMENT` (`off`: no rendezvous placement over presence's live nodes, the
 * first node to try wins), `LEASE_OFFLINE_QUEUE` (`on`: the lease client
 * queues commands while disconnected, as apps/assembly did before a261223).
 * IPC (from the runner): {id, cmd: "mark"} forgets the query log; {id, cmd:
 * "status"} answers {id, running, tokens, log} with log = "key|dataset" →
 * epoch ms of each query since the mark.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { pino } from "pino";
import {
  Endpoint,
  EngineMetrics,
  RedisLeaseStore,
  RedisPubSub,
  Singletons,
  SupervisionMetrics,
  trackerViewers,
  type ChannelHandler,
} from "../../packages/realtime/src/index.ts";
import { pollerTree } from "../../packages/realtime/src/supervision/poller-tree.ts";
import { joinRoom } from "../lib/room-join.ts";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`singleton-node: ${name} is required`);
  return value;
};
const nodeId = env("NODE_NAME");
const redisUrl = env("REDIS_URL");
const prefix = process.env["REDIS_PREFIX"] ?? "plenum:";
const datasets = Array.from({ length: Number(process.env["DATASETS"] ?? 4) }, (_, i) => `dataset${i}`);
const intervalMs = Number(process.env["INTERVAL_MS"] ?? 5_000);
const placement = process.env["PLACEMENT"] !== "off";

const logger = pino({ level: process.env["LOG_LEVEL"] ?? "info", name: nodeId });
const metrics = new EngineMetrics({ defaultMetrics: true });
const pubsub = new RedisPubSub({ url: redisUrl, nodeId, prefix, logger, registry: metrics.registry });
const endpoint = new Endpoint({ logger, metrics, pubsub, presence: true, queue: { maxMessages: 10_000, maxBytes: 4 * 1024 * 1024 } });

/** Query times per "key|dataset" since the last mark: the fake database's log. */
let queries = new Map<string, number[]>();
const tokens = new Map<string, number>();
const trees = pollerTree({
  intervalMs,
  datasets: (key) =>
    Object.fromEntries(
      datasets.map((dataset) => {
        let calls = 0;
        return [
          dataset,
          async () => {
            const id = `${key}|${dataset}`;
            const log = queries.get(id) ?? [];
            log.push(Date.now());
            queries.set(id, log);
            return { node: nodeId, calls: ++calls };
          },
        ];
      }),
    ),
});
// As apps/assembly configures it: bounded retries and no offline queue, so a
// lost Redis surfaces as failed lease calls, never as an acquire replayed after
// its caller gave up. LEASE_OFFLINE_QUEUE=on brings the queue back, to show why.
const leaseClient = new Redis(redisUrl, {
  lazyConnect: true,
  maxRetriesPerRequest: 1,
  enableOfflineQueue: process.env["LEASE_OFFLINE_QUEUE"] === "on",
});
leaseClient.on("error", () => {});
await leaseClient.connect();
const singletons = new Singletons({
  nodeId,
  store: new RedisLeaseStore(leaseClient, { namespace: `${prefix}lease:` }),
  pubsub,
  viewers: trackerViewers(endpoint.presence!),
  manages: (topic) => topic.startsWith("dashboard:"),
  metrics: new SupervisionMetrics(metrics.registry),
  // As apps/assembly: trees placed by rendezvous over the live nodes presence hears.
  ...(placement ? { members: () => endpoint.presence!.nodes() } : {}),
  tree: (context) => {
    tokens.set(context.key, context.token);
    return trees(context);
  },
});

const tracked: ChannelHandler = {
  join: joinRoom,
  handleIn(event, payload, channel) {
    if (event !== "broadcast") return { error: { reason: `unknown event ${event}` } };
    channel.broadcast("msg", payload);
    return { noreply: true };
  },
};
endpoint.channel("room:*", tracked).channel("dashboard:*", tracked);

const server = createServer((req, res) => {
  if (endpoint.handleRequest(req, res)) return;
  if (req.url === "/metrics") {
    void metrics.text().then((text) => res.writeHead(200, { "content-type": metrics.contentType }).end(text));
    return;
  }
  res.writeHead(404).end();
});
endpoint.attach(server);
await endpoint.start();
await singletons.start();

process.on("message", (message: { id: number; cmd: "mark" | "status" }) => {
  if (message.cmd === "mark") queries = new Map();
  const running = singletons.runningKeys();
  process.send?.({
    id: message.id,
    running,
    tokens: Object.fromEntries(running.map((key) => [key, tokens.get(key) ?? null])),
    log: message.cmd === "status" ? Object.fromEntries(queries) : {},
  });
});

server.listen(Number(process.env["PORT"] ?? 0), "127.0.0.1", () =>
  logger.info({ port: (server.address() as AddressInfo).port, clustered: true }, "bench server listening"),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    void singletons
      .close()
      .then(() => endpoint.close())
      .then(() => leaseClient.quit())
      .finally(() => process.exit(0));
  });
}
