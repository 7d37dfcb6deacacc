import type { Singletons } from "@plenum/realtime";
import type { DashboardStatus, OpsStatus } from "../api/routes/operations.ts";
import { noInput } from "../api/schemas/common.ts";
import { parseTopic } from "../api/topics.ts";
import type { AdminQuery } from "./command.ts";

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

const withoutTokens = (info: SingletonInfo): DashboardStatus => ({
  key: info.key,
  running: info.running,
  viewers: info.viewers,
  since: info.since,
  graceEndsAt: info.graceEndsAt,
  lease: info.lease && { owner: info.lease.owner, expiresAt: info.lease.expiresAt },
  tree: info.tree,
});

/**
 * This node's state for any signed-in admin, but dashboards only of events
 * where the admin has a role: there is no installation-wide operator role,
 * and an event's id and audience are its team's business.
 */
export const opsStatus = (report: NodeReport): AdminQuery<object, OpsStatus> => ({
  name: "opsStatus",
  input: noInput,
  async run({ store }, admin) {
    const [events, engine, dashboards] = await Promise.all([store.admins.listEvents(admin.id), report.engine(), report.dashboards()]);
    const ownEvents = new Set(events.map(({ event }) => event.id));
    const visible = dashboards.keys.filter((info) => {
      const topic = parseTopic(info.key);
      return topic?.kind === "dashboard" && ownEvents.has(topic.eventId);
    });
    return {
      node: report.nodeId,
      engine,
      presence: report.presence(),
      dashboards: { nodeId: dashboards.nodeId, at: dashboards.at, keys: visible.map(withoutTokens) },
    };
  },
});
