import { type None, route } from "../route.ts";

/** A dashboard's supervision as an admin sees it: no fencing tokens, which only the lease holders have business with. */
export interface DashboardStatus {
  readonly key: string;
  readonly running: boolean;
  readonly viewers: number;
  readonly since: number | null;
  readonly graceEndsAt: number | null;
  readonly lease: { readonly owner: string; readonly expiresAt: number } | null;
  readonly tree: Record<string, unknown> | null;
}

/** One node's state for the operator page. */
export interface OpsStatus {
  readonly node: string;
  /** Engine totals (sockets, channels, queues...): counts only. */
  readonly engine: Record<string, number>;
  /** Presence totals of the cluster, when presence runs. */
  readonly presence: object | undefined;
  readonly dashboards: { readonly nodeId: string; readonly at: number; readonly keys: DashboardStatus[] };
}

/**
 * The operator page's source, for any signed-in admin: this node's totals,
 * and dashboards only of events where the admin has a role. (`/metrics`,
 * the Prometheus text, is no JSON API and not in this table.)
 */
export const operationsRoutes = {
  opsStatus: route<None, None, None, OpsStatus>("GET", "/api/ops/status"),
};
