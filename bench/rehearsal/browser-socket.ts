import { fullJitter } from "@plenum/realtime/client";
import { Socket } from "phoenix";
import { WebSocket } from "ws";

/**
 * The load balancer in front of the nodes, as the clients of one load
 * process see it: the nodes it sends to (the runner takes a killed node out),
 * each client sticking to its own node while that one is in.
 */
export class Upstreams {
  #urls: readonly string[];

  constructor(urls: readonly string[]) {
    this.#urls = urls;
  }

  set(urls: readonly string[]): void {
    this.#urls = urls;
  }

  /** `http://127.0.0.1:<port>` of the node for the client with affinity `preferred`. */
  pick(preferred: string): string {
    if (this.#urls.includes(preferred) || this.#urls.length === 0) return preferred;
    return this.#urls[Math.floor(Math.random() * this.#urls.length)]!;
  }
}

export interface BrowserSocketOptions {
  readonly upstreams: Upstreams;
  /** The node this client's connections go to while it is up (`http://…`). */
  readonly home: string;
  readonly localAddress: string;
  /** The session cookie a browser would send with the upgrade. */
  readonly cookie?: string;
  /** `admin:<token>` for the chairs' screens (the official client's `authToken`). */
  readonly authToken?: string;
  readonly params: Record<string, string>;
  /** Bytes of every frame received. */
  readonly onBytes?: (bytes: number) => void;
}

/** As apps/assembly/web/src/live/connection.ts: full jitter below 500 ms · 2^(n−1), at most 15 s. */
const backoffMs = fullJitter(500, 15_000);

/**
 * The official `phoenix` client configured as the web client configures it
 * (backoff, rejoin, heartbeat), on a `ws` transport that goes through the
 * `Upstreams` at every (re)connect from the client's own source address,
 * with its cookie.
 */
export function browserSocket(options: BrowserSocketOptions): Socket {
  const { upstreams, home, localAddress, cookie, onBytes } = options;
  class Transport extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      const base = upstreams.pick(home).replace(/^http/, "ws");
      super(url.replace(/^ws:\/\/[^/]+/, base), protocols, {
        localAddress,
        perMessageDeflate: false,
        ...(cookie ? { headers: { cookie } } : {}),
      });
      if (onBytes) this.on("message", (data: Buffer | ArrayBuffer) => onBytes(data.byteLength));
    }
  }
  return new Socket("ws://balancer/socket", {
    transport: Transport,
    params: options.params,
    reconnectAfterMs: backoffMs,
    rejoinAfterMs: backoffMs,
    heartbeatIntervalMs: 15_000,
    ...(options.authToken ? { authToken: options.authToken } : {}),
  });
}
