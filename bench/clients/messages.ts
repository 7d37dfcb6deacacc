import type { SparseHistogram } from "../lib/histogram.ts";

/** The servers under test, by the wire dialect their clients speak. */
export type PeerName = "plenum" | "socketio" | "ws";

/** What the runner asks a load-client process to do. Every command gets exactly one `Reply` with its `id`. */
export type Command =
  | {
      type: "connect";
      peer: PeerName;
      port: number;
      /** New sockets to open, each joining `topic`. */
      count: number;
      topic: string;
      /** Loopback source addresses to spread sockets over (ephemeral ports are per source address). */
      addresses: readonly string[];
      /** Most handshakes in flight at once. */
      concurrency: number;
    }
  /** Starts a fresh delivery measurement: counters, latency histogram and CPU baseline reset. */
  | { type: "measure" }
  /** Answers once `atLeast` deliveries were counted since `measure`, or at the timeout. */
  | { type: "await"; atLeast: number; timeoutMs: number }
  | { type: "report" }
  /** Closed-loop request/reply on the first `sockets` sockets, `window` requests in flight on each. */
  | { type: "roundtrip"; sockets: number; window: number; durationMs: number }
  /**
   * Marks the last `sockets` joined sockets slow: from now on their deliveries
   * count apart (`slowReceived`), and after `afterMs` they stop reading (the
   * TCP socket is paused, so the kernel buffers fill, then the server's queue).
   */
  | { type: "pause"; sockets: number; afterMs: number }
  | { type: "close" };

export interface CpuUse {
  readonly userMs: number;
  readonly systemMs: number;
}

export interface ConnectResult {
  readonly opened: number;
  readonly failed: number;
  readonly firstError?: string;
}

export interface DeliveryReport {
  /** Deliveries to sockets not marked slow (all sockets unless a `pause` came). */
  readonly received: number;
  /** Deliveries to sockets marked slow. */
  readonly slowReceived: number;
  /** Receiver time − server stamp `t`, per frame delivered to a socket not marked slow. */
  readonly latency: SparseHistogram;
  readonly firstAt: number;
  readonly lastAt: number;
  readonly cpu: CpuUse;
  /** Sockets not marked slow that the server closed or lost since they joined. */
  readonly dropped: number;
}

export interface RoundtripReport {
  /** Replies that arrived before the deadline. */
  readonly completed: number;
  readonly durationMs: number;
  readonly rtt: SparseHistogram;
  readonly cpu: CpuUse;
}

export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
