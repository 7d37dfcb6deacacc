import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/**
 * Prometheus instruments for supervision, all prefixed `plenum_`. Without a
 * registry the instruments still work but are exported nowhere, so callers
 * never need to branch on "metrics enabled".
 *
 * Labels are kept low-cardinality: `child` and `worker` are child ids (dataset
 * names such as "attendance"), never topic keys.
 */
export class SupervisionMetrics {
  readonly treesRunning: Gauge;
  readonly workers: Gauge;
  readonly restarts: Counter<"child">;
  readonly giveUps: Counter;
  readonly pollDuration: Histogram<"worker">;
  readonly pollErrors: Counter<"worker">;
  readonly leaseAcquired: Counter;
  readonly leaseTakeovers: Counter;
  readonly leaseLost: Counter;
  readonly fencedDrops: Counter;
  readonly fencedDeliveryDrops: Counter;
  readonly handoffs: Counter;
  readonly reaped: Counter<"kind">;

  constructor(registry?: Registry) {
    const registers = registry ? [registry] : [];
    this.treesRunning = new Gauge({ name: "plenum_trees_running", help: "Singleton trees running on this node", registers });
    this.workers = new Gauge({ name: "plenum_workers", help: "Polling workers running on this node", registers });
    this.restarts = new Counter({
      name: "plenum_supervisor_restarts_total",
      help: "Children restarted by a supervisor",
      labelNames: ["child"],
      registers,
    });
    this.giveUps = new Counter({
      name: "plenum_supervisor_give_ups_total",
      help: "Supervisors that exceeded their restart intensity and stopped",
      registers,
    });
    this.pollDuration = new Histogram({
      name: "plenum_poll_duration_seconds",
      help: "Duration of polling worker queries",
      labelNames: ["worker"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.pollErrors = new Counter({
      name: "plenum_poll_errors_total",
      help: "Failed polling worker queries",
      labelNames: ["worker"],
      registers,
    });
    this.leaseAcquired = new Counter({ name: "plenum_lease_acquired_total", help: "Leases acquired by this node", registers });
    this.leaseTakeovers = new Counter({
      name: "plenum_lease_takeovers_total",
      help: "Leases acquired after the previous holder ended without releasing (died or lost the store)",
      registers,
    });
    this.leaseLost = new Counter({
      name: "plenum_lease_lost_total",
      help: "Trees stopped because this node lost or could not renew their lease",
      registers,
    });
    this.fencedDrops = new Counter({
      name: "plenum_fenced_publishes_dropped_total",
      help: "Publishes refused because the publisher's fencing token was no longer current",
      registers,
    });
    this.fencedDeliveryDrops = new Counter({
      name: "plenum_fenced_deliveries_dropped_total",
      help: "Singleton tree messages not pushed to a viewer: older than the newest owner seen, or not fenced",
      registers,
    });
    this.handoffs = new Counter({
      name: "plenum_singleton_handoffs_total",
      help: "Trees this node handed over to the key's preferred node",
      registers,
    });
    this.reaped = new Counter({
      name: "plenum_reaped_total",
      help: "Zombie trees and orphan leases removed by the reaper",
      labelNames: ["kind"],
      registers,
    });
  }
}
