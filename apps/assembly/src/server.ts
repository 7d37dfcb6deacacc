import { existsSync } from "node:fs";
import { resolve } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { Redis } from "ioredis";
import { pino, type Logger } from "pino";
import {
  Endpoint,
  EngineMetrics,
  LiveViews,
  LocalPubSub,
  MemoryLeaseStore,
  Reaper,
  RedisLeaseStore,
  RedisPubSub,
  Singletons,
  SupervisionMetrics,
  trackerViewers,
  type LeaseStore,
  type PubSub,
} from "@plenum/realtime";
import { AdminSessions } from "./auth/admin-sessions.ts";
import { allowedOrigins, listeningBaseUrl, type TrustProxy } from "./config.ts";
import { buildApp, type HttpTimeouts } from "./http/app.ts";
import { MetricsAccess } from "./http/metrics-access.ts";
import { serveOperations } from "./http/routes/operations.ts";
import { openStore } from "./store/open-store.ts";
import type { Store } from "./store/store.ts";
import { CommandRunner } from "./commands/command.ts";
import { Changes } from "./live/changes.ts";
import { assemblyChannels } from "./live/channels.ts";
import { socketAuthenticator } from "./live/connect.ts";
import { dashboardTree, type DashboardOptions } from "./live/dashboard.ts";
import { LiveEffects } from "./live/effects.ts";
import { LiveAttendance } from "./live/live-attendance.ts";
import { parseTopic } from "./api/topics.ts";
import { topicRenderer } from "./live/views.ts";
import { invitationUrlAt } from "./commands/invitations.ts";
import { OutboxWorker } from "./mail/outbox-worker.ts";
import { SmtpTransport } from "./mail/smtp-transport.ts";
import { describeSmtp, type SmtpEndpoint } from "./mail/smtp-url.ts";
import { describeOidc, type OidcSettings } from "./sso/oidc-settings.ts";

export interface ServerOptions {
  readonly port?: number;
  readonly host?: string;
  /** postgres://… for PostgreSQL; otherwise SQLite at `sqlitePath`. */
  readonly databaseUrl?: string;
  readonly sqlitePath?: string;
  /** Seals secret ballots while their poll is open (see `StoreConfig.ballotSecret`); the same on every node of a cluster. */
  readonly ballotSecret: Uint8Array;
  /** Cluster through Redis (pub/sub, presence, dashboard leases); otherwise one process. */
  readonly redisUrl?: string;
  /** Namespace of every Redis key and channel, so clusters can share one Redis. Default `plenum:`. */
  readonly redisPrefix?: string;
  readonly nodeId?: string;
  /** The built web UI (apps/assembly/web/dist); without it only the API and sockets are served. */
  readonly webRoot?: string;
  /**
   * Where people open the app: invitation links point there, and only pages
   * of its origin may change state over HTTP or use the sockets; https also
   * means Secure cookies and HSTS. Default: the listening addresses.
   */
  readonly publicBaseUrl?: string;
  readonly bootstrapAdmin?: { email: string; password: string };
  /** Bearer token every /metrics scrape must send; without it (and without `metricsPublic`) /metrics is off. */
  readonly metricsToken?: string;
  /** `loopback`: loopback peers may read /metrics without the token. */
  readonly metricsPublic?: "loopback";
  /** Fastify `trustProxy`: which peers' X-Forwarded-For names the client (rate limits key on it). Default none. */
  readonly trustProxy?: TrustProxy;
  readonly timeouts?: HttpTimeouts;
  readonly dashboard?: DashboardOptions;
  /** Live view re-render throttle per topic. Default 250 ms. */
  readonly liveThrottleMs?: number;
  /** How long a member who checked themselves in may be offline before their presence lapses; 0: never. Default 10 min (PRESENCE_GRACE_SECONDS). */
  readonly presenceGraceMs?: number;
  readonly logger?: Logger;
  /** Level of Fastify's per-request log lines. Default `warn`. */
  readonly httpLogLevel?: string;
  /** Invitations by e-mail; without it nothing is sent (the CSV export is the way). */
  readonly mail?: MailOptions;
  /** Single sign-on through an OpenID Connect provider; without it, invitation links only. */
  readonly oidc?: OidcSettings;
}

export interface MailOptions {
  readonly smtp: SmtpEndpoint;
  readonly from: string;
  readonly replyTo?: string;
  /** Messages per minute, for the whole cluster (one node sends at a time). */
  readonly ratePerMinute: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly app: FastifyInstance;
  readonly endpoint: Endpoint;
  readonly store: Store;
  close(): Promise<void>;
}

/** Client-side routes of the web UI; each serves index.html. */
const SPA_ROUTES = ["/", "/join", "/p", "/verify", "/admin", "/admin/*", "/projector/*", "/dashboard/*"];

/** The engine's headline numbers, from the same registry `/metrics` serves. */
async function engineSummary(metrics: EngineMetrics): Promise<Record<string, number>> {
  const names = {
    sockets: "plenum_sockets",
    channels: "plenum_channels",
    queueBytes: "plenum_queue_bytes",
    messagesIn: "plenum_messages_in_total",
    messagesOut: "plenum_messages_out_total",
    coalesced: "plenum_coalesced_total",
    dropped: "plenum_dropped_total",
    slowConsumerCloses: "plenum_slow_consumer_closes_total",
  };
  const summary: Record<string, number> = {};
  for (const [key, name] of Object.entries(names)) {
    const values = (await metrics.registry.getSingleMetric(name)?.get())?.values ?? [];
    summary[key] = values.reduce((sum, v) => sum + v.value, 0);
  }
  return summary;
}

/**
 * The event view goes to every participant: during a vote burst its turnout
 * changes with each ballot, and one patch a second to thousands of phones is
 * plenty ("within a second"). Chairs' and personal views refresh faster.
 */
function liveThrottle(override: number | undefined): (topic: string) => number {
  return (topic) => override ?? (parseTopic(topic)?.kind === "event" ? 1000 : 250);
}

/**
 * The assembly app, composed: store, HTTP API, real-time endpoint with the
 * assembly channels, live views, the dashboard's cluster-wide polling trees,
 * metrics and the web UI, on one Fastify server.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: process.env["LOG_LEVEL"] ?? "info", name: "assembly" });
  const store = await openStore({
    ballotSecret: options.ballotSecret,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.sqlitePath ? { sqlitePath: options.sqlitePath } : {}),
  });
  const metrics = new EngineMetrics({ defaultMetrics: true });
  const pubsub: PubSub = options.redisUrl
    ? new RedisPubSub({
        url: options.redisUrl,
        logger,
        registry: metrics.registry,
        ...(options.redisPrefix ? { prefix: options.redisPrefix } : {}),
        ...(options.nodeId ? { nodeId: options.nodeId } : {}),
      })
    : new LocalPubSub({ logger, registry: metrics.registry, ...(options.nodeId ? { nodeId: options.nodeId } : {}) });
  // A lost Redis must surface as failed lease calls (the tree stops), never as
  // commands queued offline that run later: an acquire replayed after its
  // caller gave up would hold a lease nobody uses until it expires.
  const leaseClient = options.redisUrl
    ? new Redis(options.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    : undefined;
  // Without a listener ioredis prints every failed reconnect as an "Unhandled error event" stack on stderr,
  // past the logger; the outage itself is reported by the pub/sub and the trees that stop.
  leaseClient?.on("error", (error: Error) => logger.debug({ err: error }, "lease client: redis connection error"));
  await leaseClient?.connect();
  const leases: LeaseStore = leaseClient
    ? new RedisLeaseStore(leaseClient, { namespace: `${options.redisPrefix ?? "plenum:"}lease:` })
    : new MemoryLeaseStore();
  const adminSessions = new AdminSessions(store, { ttlMs: 12 * 3600_000 });

  // Known once the server listens (port 0); no request is served before.
  const listening = { host: options.host ?? "127.0.0.1", port: options.port ?? 3000 };
  let origins: readonly string[] = [];
  const endpoint = new Endpoint({
    pubsub,
    metrics,
    logger,
    presence: true,
    connect: socketAuthenticator(store, adminSessions),
    // Pages elsewhere (another port of this host included) must not use a visitor's cookies on the sockets:
    // the same origins as the HTTP API's state changes, known once the server listens.
    checkOrigin: (origin) => origins.includes(origin),
    // An assembly node holds a few thousand sockets: with the engine's default batch (10,000) a restart
    // would let them all go at once. 500 a second spreads 3,000 over 5 s (bench/cluster/restart.ts).
    drain: { batchSize: 500, intervalMs: 1_000 },
  });
  const views = new LiveViews({
    pubsub,
    logger,
    render: topicRenderer(store),
    publish: (topic, patch) => endpoint.localBroadcast(topic, "patch", patch),
    throttleMs: liveThrottle(options.liveThrottleMs),
  });
  const changes = new Changes(pubsub, views, endpoint);
  const supervisionMetrics = new SupervisionMetrics(metrics.registry);
  const tracker = endpoint.presence!;
  const dashboards = new Singletons({
    nodeId: pubsub.nodeId,
    store: leases,
    pubsub,
    viewers: trackerViewers(tracker),
    tree: dashboardTree(store, options.dashboard),
    manages: (topic) => topic.startsWith("dashboard:"),
    // Spread trees over the live nodes (rendezvous hashing) instead of piling them on the first to ask.
    members: () => tracker.nodes(),
    metrics: supervisionMetrics,
  });
  const reaper = new Reaper({
    singletons: dashboards,
    store: leases,
    viewers: trackerViewers(tracker),
    prefix: "dashboard:",
    isNodeAlive: (nodeId) => tracker.nodes().includes(nodeId),
    metrics: supervisionMetrics,
  });
  const attendance = new LiveAttendance({
    store,
    endpoint,
    changes,
    logger,
    ...(options.presenceGraceMs !== undefined ? { presenceGraceMs: options.presenceGraceMs } : {}),
  });
  attendance.start();
  const liveEffects = new LiveEffects(store, endpoint, changes);
  const commands = new CommandRunner(store, liveEffects, attendance);
  const channels = assemblyChannels({ store, commands, endpoint, views, dashboards, logger, attendance });
  endpoint.channel("event:*", channels.event).channel("dashboard:*", channels.dashboard);

  const app = await buildApp({
    store,
    commands,
    // Per-request lines at info would cost more than the requests under a vote burst; errors still log.
    loggerInstance: logger.child({ component: "http" }, { level: options.httpLogLevel ?? "warn" }),
    publicBaseUrl: options.publicBaseUrl ?? (() => listeningBaseUrl(listening)),
    allowedOrigins: () => origins,
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    ...(options.bootstrapAdmin ? { bootstrapAdmin: options.bootstrapAdmin } : {}),
    mailConfigured: options.mail !== undefined,
    ...(options.oidc ? { oidc: options.oidc } : {}),
  });
  if (options.oidc) logger.info({ provider: describeOidc(options.oidc) }, "single sign-on through OpenID Connect");
  // Every node may queue; the holder of the sender lease alone sends, so the rate holds for the cluster.
  const mail = options.mail;
  const outbox = mail
    ? new OutboxWorker({
        store,
        transport: new SmtpTransport({
          endpoint: mail.smtp,
          from: mail.from,
          ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
        }),
        invitationUrl: invitationUrlAt(options.publicBaseUrl ?? (() => listeningBaseUrl(listening))),
        ratePerMinute: mail.ratePerMinute,
        lease: { store: leases, owner: pubsub.nodeId },
        progress: liveEffects,
        logger: logger.child({ component: "mail" }),
      })
    : undefined;

  // Long-poll requests go to the engine before Fastify parses their bodies.
  app.addHook("onRequest", async (request, reply) => {
    if (!request.url.startsWith("/socket/longpoll")) return;
    reply.hijack();
    endpoint.handleRequest(request.raw, reply.raw);
  });

  const metricsAccess = new MetricsAccess({
    ...(options.metricsToken ? { token: options.metricsToken } : {}),
    ...(options.metricsPublic ? { public: options.metricsPublic } : {}),
  });
  if (!metricsAccess.enabled) logger.warn("/metrics is off (answers 403): set METRICS_TOKEN, or METRICS_PUBLIC=loopback");
  await serveOperations(app, {
    metricsAccess,
    adminSessions,
    commands,
    report: {
      nodeId: pubsub.nodeId,
      metrics: async () => ({ contentType: metrics.contentType, text: await metrics.text() }),
      engine: () => engineSummary(metrics),
      presence: () => endpoint.presence?.stats(),
      dashboards: () => dashboards.snapshot(),
    },
  });

  const webRoot = options.webRoot ? resolve(options.webRoot) : undefined;
  if (webRoot && existsSync(resolve(webRoot, "index.html"))) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false, preCompressed: true });
    for (const route of SPA_ROUTES) app.get(route, (_request, reply) => reply.type("text/html").sendFile("index.html"));
    app.get("/assets/*", (request, reply) => reply.sendFile(`assets/${(request.params as { "*": string })["*"]}`));
    // Browsers and link previews that ignore <link rel="icon"> ask for /favicon.ico: the icon is an SVG.
    app.get("/favicon.ico", (_request, reply) => reply.redirect("/favicon.svg", 301));
  } else if (webRoot) {
    logger.warn({ webRoot }, "web UI not built: serving the API and sockets only");
  }

  await endpoint.start();
  endpoint.attach(app.server);
  views.start();
  changes.start();
  await dashboards.start();
  await reaper.start();
  await app.listen({ port: options.port ?? 3000, host: options.host ?? "127.0.0.1" });
  if (outbox && mail) {
    outbox.start();
    logger.info({ smtp: describeSmtp(mail.smtp), ratePerMinute: mail.ratePerMinute }, "invitation mail: sending through SMTP");
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 3000);
  listening.port = port;
  origins = allowedOrigins(options.publicBaseUrl, listening);

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    endpoint,
    store,
    close() {
      closing ??= (async () => {
        // Clients leave first, in batches, while the views and dashboards still serve those not yet let go.
        await endpoint.drain();
        await outbox?.close();
        await reaper.close();
        await dashboards.close();
        attendance.close();
        changes.close();
        await views.close();
        await endpoint.close();
        await app.close();
        await leaseClient?.quit().catch(() => leaseClient.disconnect());
        await store.close();
      })();
      return closing;
    },
  };
}
