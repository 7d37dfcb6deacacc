import { Counter, Gauge, type Registry } from "prom-client";

export interface PresenceSizes {
  topics: number;
  presences: number;
  nodes: number;
}

/** Presence metrics (`plenum_presence_*`); exported only when given a registry. One tracker per registry. */
export class PresenceMetrics {
  readonly diffs: Counter;
  readonly deltasSent: Counter;
  readonly stateTransfers: Counter;
  readonly nodesDown: Counter;
  readonly listsRefused: Counter;

  constructor(registry: Registry | undefined, sizes: () => PresenceSizes) {
    const registers = registry ? [registry] : [];
    const gauge = (name: string, help: string, read: (s: PresenceSizes) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read(sizes()));
        },
      });
    gauge("plenum_presence_topics", "Topics with at least one presence", (s) => s.topics);
    gauge("plenum_presence_entries", "Presence metas visible on this node, all nodes' included", (s) => s.presences);
    gauge("plenum_presence_nodes", "Nodes this tracker currently hears, itself included", (s) => s.nodes);
    this.diffs = new Counter({ name: "plenum_presence_diffs_total", help: "presence diffs emitted (one per topic per window)", registers });
    this.deltasSent = new Counter({ name: "plenum_presence_deltas_sent_total", help: "Replication deltas broadcast", registers });
    this.stateTransfers = new Counter({
      name: "plenum_presence_state_transfers_total",
      help: "Full states received from other nodes (join, gap, restart)",
      registers,
    });
    this.nodesDown = new Counter({
      name: "plenum_presence_nodes_down_total",
      help: "Nodes whose presences were dropped after missed heartbeats",
      registers,
    });
    this.listsRefused = new Counter({
      name: "plenum_presence_lists_refused_total",
      help: "presence_state requests refused because the topic had more than maxListKeys keys",
      registers,
    });
  }
}
