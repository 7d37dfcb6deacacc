import { fullJitter } from "@plenum/realtime/client";
import { Socket } from "phoenix";
import { announceReconnect } from "./reconnects.ts";

export type ConnectionStatus = "connecting" | "online" | "reconnecting";

/**
 * Full jitter: retry n waits a random time below 500 ms · 2^(n−1), at most
 * 15 s. The first retries stay short (at 16:00 on the day a dropped phone
 * should be back in a second, not in ten), and when a node restarts its
 * thousands of clients spread over the window instead of coming back
 * together on a fixed schedule.
 */
const backoffMs = fullJitter(500, 15_000);

/**
 * One Phoenix socket to `/socket` for the page, authenticated by the session
 * cookie of `as`, and its status for the connection banner. Guarantees:
 * status is "online" only while the socket is open; every channel rejoins
 * (and so resyncs) after any reconnect; when the browser reports being
 * offline the socket is dropped at once (a phone changing networks keeps a
 * half-dead WebSocket for minutes otherwise) and reconnected as soon as it is
 * online again, which every `onReconnect` listener hears (so a "no
 * connection" error of an action tried meanwhile does not outlive it).
 */
export class Connection {
  readonly socket: Socket;
  #status: ConnectionStatus = "connecting";
  readonly #listeners = new Set<(status: ConnectionStatus) => void>();
  #started = false;
  #closed = false;

  constructor(as: "admin" | "participant") {
    this.socket = new Socket("/socket", {
      params: { as },
      reconnectAfterMs: backoffMs,
      rejoinAfterMs: backoffMs,
      heartbeatIntervalMs: 15_000,
    });
    this.socket.onOpen(() => this.#set("online"));
    this.socket.onClose(() => this.#set("reconnecting"));
    this.socket.onError(() => this.#set("reconnecting"));
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  /** Calls `listener` on every status change; returns the unsubscribe function. */
  subscribe(listener: (status: ConnectionStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): this {
    if (this.#started || this.#closed) return this;
    this.#started = true;
    addEventListener("offline", this.#offline);
    addEventListener("online", this.#online);
    if (navigator.onLine) this.socket.connect();
    else this.#set("reconnecting");
    return this;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    removeEventListener("offline", this.#offline);
    removeEventListener("online", this.#online);
    this.socket.disconnect();
    this.#listeners.clear();
  }

  readonly #offline = (): void => {
    this.socket.disconnect();
    this.#set("reconnecting");
  };

  readonly #online = (): void => {
    if (!this.#closed) this.socket.connect();
  };

  #set(status: ConnectionStatus): void {
    if (status === this.#status) return;
    const lost = this.#status === "reconnecting";
    this.#status = status;
    for (const listener of this.#listeners) listener(status);
    if (lost && status === "online") announceReconnect();
  }
}
