import { fileURLToPath } from "node:url";
import type { NodeProcess } from "./node-process.ts";

/** The node script of the singleton benchmarks and drills. */
export const SINGLETON_NODE = fileURLToPath(new URL("./singleton-node.ts", import.meta.url));

export interface NodeStatus {
  readonly running: string[];
  readonly tokens: Record<string, number | null>;
  /** "key|dataset" → epoch ms of each query since the last mark. */
  readonly log: Record<string, number[]>;
}

let nextRequest = 1;
/** Asks a singleton-node over IPC ("mark" forgets its query log, "status" reports it). */
export function ask(node: NodeProcess, cmd: "mark" | "status", timeoutMs = 10_000): Promise<NodeStatus> {
  const id = nextRequest++;
  const channel = node.ipc;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      channel.off("message", listen);
      reject(new Error(`${node.name}: no ${cmd} answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const listen = (message: { id?: number } & NodeStatus): void => {
      if (message.id !== id) return;
      clearTimeout(timer);
      channel.off("message", listen);
      resolve(message);
    };
    channel.on("message", listen);
    channel.send({ id, cmd });
  });
}

/** Queries per key+dataset merged over nodes, in time order, with the node that ran each. */
export function mergeLogs(statuses: readonly { node: string; status: NodeStatus }[]): Map<string, { at: number; node: string }[]> {
  const merged = new Map<string, { at: number; node: string }[]>();
  for (const { node, status } of statuses) {
    for (const [id, times] of Object.entries(status.log)) {
      const list = merged.get(id) ?? [];
      for (const at of times) list.push({ at, node });
      merged.set(id, list);
    }
  }
  for (const list of merged.values()) list.sort((a, b) => a.at - b.at);
  return merged;
}

/**
 * Two kinds of suspicious polls of one key+dataset: `close` = consecutive
 * queries less than half an interval apart (`crossNode` of them by different
 * nodes: a handover's first poll, or two trees), `interleaved` = a node
 * polling again after another node polled in between (two live trees, or a
 * lease bouncing back).
 */
export function duplicates(
  merged: Map<string, { at: number; node: string }[]>,
  intervalMs: number,
): { close: number; crossNode: number; interleaved: number; keys: number } {
  let close = 0;
  let crossNode = 0;
  let interleaved = 0;
  const keys = new Set<string>();
  for (const [id, list] of merged) {
    const left = new Set<string>();
    for (let i = 1; i < list.length; i++) {
      const [previous, current] = [list[i - 1]!, list[i]!];
      if (current.node !== previous.node) {
        left.add(previous.node);
        if (left.has(current.node)) {
          interleaved++;
          keys.add(id.split("|")[0]!);
        }
      }
      if (current.at - previous.at >= intervalMs / 2) continue;
      close++;
      if (current.node !== previous.node) crossNode++;
      keys.add(id.split("|")[0]!);
    }
  }
  return { close, crossNode, interleaved, keys: keys.size };
}
