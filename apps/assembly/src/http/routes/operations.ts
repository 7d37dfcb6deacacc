import type { FastifyInstance } from "fastify";
import type { Singletons } from "@plenum/realtime";
import type { AdminSessions } from "../../auth/admin-sessions.ts";
import { parseTopic } from "../../api/topics.ts";
import type { Store } from "../../store/store.ts";
import { ADMIN_COOKIE, credentialOf } from "../cookies.ts";
import { unauthenticated } from "../http-error.ts";
import type { MetricsAccess } from "../metrics-access.ts";

type SingletonsSnapshot = Awaited<ReturnType<Singletons["snapshot"]>>;
type SingletonInfo = SingletonsSnapshot["keys"][number];

/** What this node tells operators about itself; the server builds it from the engine. */
export interface NodeReport {
  readonly nodeId: string;
  /** The Prometheus text exposition of this node. */
  metrics(): Promise<{ readonly contentType: string; readonly text: string }>;
  /** This node's engine totals (sockets, channels, queues...): counts only, no event ids. */
  engine(): Promise<Record<string, number>>;
  /** Presence totals of the cluster, when presence runs. */
  presence(): object | undefined;
  /** The dashboard singletons this node knows, keyed by their `dashboard:<eventId>` topic. */
  dashboards(): Promise<SingletonsSnapshot>;
}

export interface OperationsOptions {
  readonly report: NodeReport;
  readonly metricsAccess: MetricsAccess;
  readonly adminSessions: AdminSessions;
  readonly store: Store;
}

/** A dashboard as an admin sees it: no fencing tokens, which only the lease holders have business with. */
const withoutTokens = (info: SingletonInfo) => ({
  key: info.key,
  running: info.running,
  viewers: info.viewers,
  since: info.since,
  graceEndsAt: info.graceEndsAt,
  lease: info.lease && { owner: info.lease.owner, expiresAt: info.lease.expiresAt },
  tree: info.tree,
});

/**
 * `/metrics` (guarded by `MetricsAccess`) and `GET /api/ops/status`, the
 * operator page's source. The status shows any signed-in admin this node's
 * totals, but dashboards only of events where the admin has a role: there
 * is no installation-wide operator role, and an event's id and audience are
 * its team's business.
 */
export function operationsRoutes(app: FastifyInstance, options: OperationsOptions): void {
  const { report, metricsAccess, adminSessions, store } = options;

  app.get("/metrics", async (request, reply) => {
    metricsAccess.check(request, reply);
    const { contentType, text } = await report.metrics();
    return reply.type(contentType).header("cache-control", "no-store").send(text);
  });

  app.get("/api/ops/status", async (request, reply) => {
    const admin = await adminSessions.authenticate(credentialOf(request, ADMIN_COOKIE));
    if (!admin) throw unauthenticated();
    const [events, engine, dashboards] = await Promise.all([store.listEventsForAdmin(admin.id), report.engine(), report.dashboards()]);
    const ownEvents = new Set(events.map(({ event }) => event.id));
    const visible = dashboards.keys.filter((info) => {
      const topic = parseTopic(info.key);
      return topic?.kind === "dashboard" && ownEvents.has(topic.eventId);
    });
    reply.header("cache-control", "no-store");
    return {
      node: report.nodeId,
      engine,
      presence: report.presence(),
      dashboards: { nodeId: dashboards.nodeId, at: dashboards.at, keys: visible.map(withoutTokens) },
    };
  });
}
