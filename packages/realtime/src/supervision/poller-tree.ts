import { PollingWorker } from "./polling-worker.ts";
import type { TreeFactory } from "./singletons.ts";
import { Supervisor, type SupervisorOptions } from "./supervisor.ts";

export type DatasetQuery = (signal: AbortSignal) => Promise<unknown>;

export interface PollerTreeOptions {
  /** The datasets of one key: name → query. Each becomes one poller publishing event `<name>` on the key. */
  readonly datasets: (key: string) => Readonly<Record<string, DatasetQuery>>;
  /**
   * Publish every dataset as this one event with payload `{name, data}`
   * (coalesced per name) instead of one event per dataset name.
   */
  readonly event?: string;
  readonly intervalMs: number;
  readonly jitterMs?: number;
  /** Consecutive failures before a poller crashes (and is restarted). */
  readonly maxFailures?: number;
  readonly supervisor?: Pick<SupervisorOptions, "maxRestarts" | "windowMs" | "backoff" | "shutdownMs">;
}

/**
 * The usual singleton tree (a per-topic supervisor of pollers): a
 * one-for-one supervisor with one {@link PollingWorker} per dataset, each
 * publishing its changes through the fenced `context.publish`. When the
 * supervisor gives up, the tree reports a crash to {@link Singletons}.
 */
export function pollerTree(options: PollerTreeOptions): TreeFactory {
  if (typeof options.datasets !== "function") throw new TypeError("pollerTree: datasets must be a function of the key");
  return (context) => {
    const datasets = options.datasets(context.key);
    return new Supervisor({
      ...options.supervisor,
      name: context.key,
      log: context.log,
      metrics: context.metrics,
      onGiveUp: (error) => context.crash(error),
      children: Object.entries(datasets).map(([name, query]) =>
        PollingWorker.spec({
          name,
          query,
          intervalMs: options.intervalMs,
          ...(options.jitterMs === undefined ? {} : { jitterMs: options.jitterMs }),
          ...(options.maxFailures === undefined ? {} : { maxFailures: options.maxFailures }),
          publish: (result) =>
            options.event === undefined
              ? context.publish(name, result)
              : context.publish(options.event, { name, data: result }, { coalesce: name }),
          log: context.log,
          metrics: context.metrics,
        }),
      ),
    });
  };
}
