import type { NodeProcess } from "./node-process.ts";

/** Counters worth reading around a fault: leases, fencing, trees, bus and presence health. */
const WATCHED =
  /^(plenum_lease_\w+|plenum_fenced_publishes_dropped_total|plenum_supervisor_give_ups_total|plenum_pubsub_(?:dropped|reconnects)_total|plenum_presence_(?:nodes_down|state_transfers)_total)(?:\{[^}]*\})? (\S+)$/;

/** The watched counters of a node's /metrics, summed over labels. */
export async function nodeCounters(node: NodeProcess): Promise<Record<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${node.port}/metrics`)).text();
  const counters: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const match = WATCHED.exec(line);
    if (match) counters[match[1]!] = (counters[match[1]!] ?? 0) + Number(match[2]);
  }
  return counters;
}

/** `after − before` per counter, over all nodes given. */
export function counterGrowth(before: readonly Record<string, number>[], after: readonly Record<string, number>[]): Record<string, number> {
  const growth: Record<string, number> = {};
  after.forEach((counters, i) => {
    for (const [name, value] of Object.entries(counters)) growth[name] = (growth[name] ?? 0) + value - (before[i]?.[name] ?? 0);
  });
  return growth;
}
