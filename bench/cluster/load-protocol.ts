import type { SparseHistogram } from "../lib/histogram.ts";

export type Peer = "plenum" | "socketio";

/** One socket a load client opens: which node, which topic, which presence key. */
export interface SocketSpec {
  /** `ws://127.0.0.1:<port>` of the node. */
  readonly url: string;
  readonly topic: string;
  /** Joins with `{user}` (tracked in presence) when set. */
  readonly user?: string;
  /** Asks for the presence list (default: whether `user` is set); see bench/lib/room-join.ts. */
  readonly list?: boolean;
}

export type LoadCommand =
  /** Opens and joins `sockets` at `ratePerSec` (spread evenly), source addresses round-robin. */
  | {
      readonly type: "open";
      readonly peer: Peer;
      readonly sockets: readonly SocketSpec[];
      readonly ratePerSec: number;
      readonly addresses: readonly string[];
      readonly joinTimeoutMs: number;
    }
  /**
   * Opens sockets like `open`, then keeps them up: a socket the server closes
   * reconnects after `backoff` (retry n waits `fixed`'s n-th step, or a full
   * jitter below 500 ms · 2^(n−1), at most 15 s, as the assembly's web
   * client) to one of `reconnectUrls` at random, and rejoins.
   */
  | {
      readonly type: "hold";
      readonly sockets: readonly SocketSpec[];
      readonly reconnectUrls: readonly string[];
      readonly backoff: "fixed" | "jitter";
      readonly ratePerSec: number;
      readonly addresses: readonly string[];
      readonly joinTimeoutMs: number;
    }
  /** How the held sockets fared (see `Reconnects`). */
  | { readonly type: "reconnects" }
  /** Zeroes the stream counters, latency histograms and CPU mark. */
  | { readonly type: "reset" }
  | { readonly type: "stats" }
  | { readonly type: "close" };

export interface OpenResult {
  readonly opened: number;
  readonly failed: number;
  readonly firstError?: string;
  /** Per joined socket: [ms since the open command, connect + join latency in ms]. */
  readonly joins: readonly (readonly [number, number])[];
}

/** Held sockets: how many are up, and each comeback. */
export interface Reconnects {
  readonly open: number;
  /** Per comeback: [epoch ms the socket was closed, epoch ms it was joined again]. */
  readonly comebacks: readonly (readonly [number, number])[];
  /** Connect or join attempts that failed (and were retried). */
  readonly failedAttempts: number;
}

/** Per socket, of the `msg` {seq, t} stream since the last reset. */
export interface SocketStream {
  readonly url: string;
  readonly topic: string;
  readonly open: boolean;
  /** Messages that advanced the sequence (each seq counted once). */
  readonly distinct: number;
  /** Sequence numbers skipped (lost, or not yet delivered). */
  readonly gaps: number;
  /** Messages at or below the last seq seen: duplicates or reordering. */
  readonly backwards: number;
}

export interface StreamStats {
  readonly sockets: readonly SocketStream[];
  /** Delivery latency (receive time − payload `t`) per node url. */
  readonly latency: Readonly<Record<string, SparseHistogram>>;
  readonly received: number;
  readonly firstAt: number;
  readonly lastAt: number;
  readonly presenceFrames: number;
  /** Sockets refused the presence list (see bench/lib/room-join.ts). */
  readonly listsRefused: number;
  readonly cpuSeconds: number;
}

export type LoadReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };
