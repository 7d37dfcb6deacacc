import { PollingWorker } from "../../src/supervision/polling-worker.ts";
import type { TreeFactory } from "../../src/supervision/singletons.ts";
import { Supervisor } from "../../src/supervision/supervisor.ts";

export interface TickingTreeOptions {
  /** Label put in every published message and event. */
  readonly node: string;
  /** Shared log of `start:<node>:<token>`, `closing:<node>`, `closed:<node>`. */
  readonly events: string[];
  readonly intervalMs?: number;
  /** When set, the tree's close() waits for it (a slow teardown). */
  readonly closeGate?: () => Promise<void> | undefined;
  /** When it returns true, the query fails. */
  readonly failing?: () => boolean;
}

/**
 * A dashboard-like tree: a supervisor with one poller whose result changes
 * on every tick (a counter), published as `tick` with the node's label.
 */
export function tickingTree(options: TickingTreeOptions): TreeFactory {
  return (context) => {
    let n = 0;
    const supervisor = new Supervisor({
      name: context.key,
      maxRestarts: 1,
      metrics: context.metrics,
      onGiveUp: (error) => context.crash(error),
      children: [
        PollingWorker.spec({
          name: "ticks",
          intervalMs: options.intervalMs ?? 20,
          maxFailures: 1,
          metrics: context.metrics,
          query: async () => {
            if (options.failing?.()) throw new Error("query failed");
            return ++n;
          },
          publish: (value) => context.publish("tick", { node: options.node, n: value }),
        }),
      ],
    });
    return {
      start: async () => {
        options.events.push(`start:${options.node}:${context.token}`);
        await supervisor.start();
      },
      close: async () => {
        options.events.push(`closing:${options.node}`);
        await options.closeGate?.();
        await supervisor.close();
        options.events.push(`closed:${options.node}`);
      },
      describe: () => supervisor.describe(),
    };
  };
}
