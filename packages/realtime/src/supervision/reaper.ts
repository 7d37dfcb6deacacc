import type { LeaseStore } from "./lease-store.ts";
import { silentLog, type Log } from "./log.ts";
import type { SupervisionMetrics } from "./metrics.ts";
import type { Singletons } from "./singletons.ts";
import type { Viewers } from "./viewers.ts";
import { withTimeout } from "./with-timeout.ts";

export interface ReaperOptions {
  readonly singletons: Singletons;
  readonly store: LeaseStore;
  readonly viewers: Viewers;
  /** Only leases whose key starts with this are examined. Default: all. */
  readonly prefix?: string;
  /**
   * Liveness of other nodes (e.g. from presence heartbeats). Without it the
   * reaper leaves other nodes' leases to their ttl.
   */
  readonly isNodeAlive?: (nodeId: string) => boolean;
  /** Default 30 s. */
  readonly intervalMs?: number;
  readonly log?: Log;
  readonly metrics?: SupervisionMetrics;
}

export interface ReapReport {
  /** Keys whose local tree was stopped for having no viewers. */
  readonly trees: string[];
  /** Keys whose lease was released for having no live tree behind it. */
  readonly leases: string[];
}

/**
 * Periodic safety net behind presence-driven teardown, for what events
 * missed. Each sweep looks for:
 * - zombie trees: running here with no viewers, and not saved by a grace period;
 * - orphan leases: held by this node without a tree, or by a node that
 *   `isNodeAlive` says is gone.
 *
 * Nothing is removed on first sight: a suspect must still be one on the next
 * sweep (same key, same token for leases), so a tree between two transitions
 * is never reaped. Removal goes through the normal paths (`evict`, and a
 * compare-and-delete `release` with the observed token), so the reaper can
 * never remove a lease that moved on. Counts go to `plenum_reaped_total{kind}`.
 */
export class Reaper {
  readonly #options: ReaperOptions;
  readonly #log: Log;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<ReapReport> | undefined;
  #suspectTrees = new Set<string>();
  #suspectLeases = new Set<string>();
  #closed = false;

  constructor(options: ReaperOptions) {
    this.#intervalMs = options.intervalMs ?? 30_000;
    if (!(this.#intervalMs > 0)) throw new RangeError("Reaper: intervalMs must be > 0");
    this.#options = options;
    this.#log = options.log ?? silentLog;
  }

  async start(): Promise<void> {
    if (this.#timer || this.#closed) return;
    this.#timer = setInterval(() => {
      this.sweep().catch((error: unknown) => this.#log.warn({ err: error }, "reaper sweep failed"));
    }, this.#intervalMs);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#sweeping?.catch(() => undefined);
  }

  /** One sweep now (sweeps never overlap: a concurrent call joins the running one). */
  sweep(): Promise<ReapReport> {
    this.#sweeping ??= this.#sweep().finally(() => {
      this.#sweeping = undefined;
    });
    return this.#sweeping;
  }

  async #sweep(): Promise<ReapReport> {
    const { singletons, viewers, store, metrics } = this.#options;
    const trees: string[] = [];
    const leases: string[] = [];

    const idle = singletons.runningKeys().filter((key) => viewers.count(key) <= 0);
    for (const key of idle) {
      if (this.#suspectTrees.has(key) && singletons.evict(key)) trees.push(key);
    }
    this.#suspectTrees = new Set(idle.filter((key) => !trees.includes(key)));

    const listed = await withTimeout(store.list(this.#options.prefix ?? ""), 10_000, "lease list");
    const running = new Set(singletons.runningKeys());
    const orphans = listed.filter((lease) =>
      lease.owner === singletons.nodeId ? !running.has(lease.key) : this.#options.isNodeAlive?.(lease.owner) === false,
    );
    const nextSuspects = new Set<string>();
    for (const lease of orphans) {
      const id = `${lease.token}:${lease.key}`;
      if (!this.#suspectLeases.has(id)) {
        nextSuspects.add(id);
        continue;
      }
      if (await store.release(lease.key, lease.owner, lease.token)) leases.push(lease.key);
    }
    this.#suspectLeases = nextSuspects;

    if (trees.length > 0) metrics?.reaped.inc({ kind: "tree" }, trees.length);
    if (leases.length > 0) metrics?.reaped.inc({ kind: "lease" }, leases.length);
    if (trees.length + leases.length > 0) this.#log.warn({ trees, leases }, "reaped zombies");
    return { trees, leases };
  }
}
