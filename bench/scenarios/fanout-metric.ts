import type { RunningServer } from "../lib/servers.ts";

export interface FanoutTotals {
  readonly seconds: number;
  readonly broadcasts: number;
}

/**
 * Plenum's own account of fan-out time (`plenum_broadcast_fanout_seconds`
 * from /metrics): how long the server took to hand each broadcast to every
 * local subscriber. Set against the clients' latency it tells server time
 * from delivery and client time. Undefined for servers without the metric.
 */
export async function fanoutTotals(server: RunningServer): Promise<FanoutTotals | undefined> {
  if (server.peer !== "plenum") return undefined;
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  const value = (name: string): number | undefined => {
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(text);
    return match ? Number(match[1]) : undefined;
  };
  const seconds = value("plenum_broadcast_fanout_seconds_sum");
  const broadcasts = value("plenum_broadcast_fanout_seconds_count");
  return seconds === undefined || broadcasts === undefined ? undefined : { seconds, broadcasts };
}

/** Mean server fan-out time per broadcast between two readings, in ms. */
export function meanFanoutMs(before: FanoutTotals | undefined, after: FanoutTotals | undefined): number | undefined {
  if (!before || !after || after.broadcasts === before.broadcasts) return undefined;
  return ((after.seconds - before.seconds) * 1000) / (after.broadcasts - before.broadcasts);
}
