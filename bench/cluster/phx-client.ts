import { Presence } from "phoenix";
import { WebSocket } from "ws";

type PresenceState = Record<string, { metas: Record<string, unknown>[] }>;

export interface PhxClientOptions {
  /** Source address (127.0.0.x), so many sockets do not exhaust one address's ephemeral ports. */
  readonly localAddress?: string;
  /**
   * Keep each joined topic's presence as the official client does
   * (`Presence.syncState/syncDiff`). Off, presence frames are counted but not
   * parsed: a load client holding thousands of sockets must not spend its
   * CPU decoding member lists it does not look at.
   */
  readonly presence?: boolean;
}

export type MessageListener = (topic: string, event: string, payload: unknown) => void;
export type PresenceListener = (topic: string, joined: readonly string[], left: readonly string[]) => void;

const HEARTBEAT_MS = 20_000;
const PRESENCE_EVENT = /^\[[^,]*,[^,]*,"(?:[^"\\]|\\.)*","presence_(state|diff)",/;

/**
 * A Phoenix Channels v2 client on one WebSocket (`[join_ref, ref, topic,
 * event, payload]` frames), small enough to run thousands per process.
 * Replies resolve the push that asked; other frames go to `onMessage`;
 * heartbeats keep the server's idle sweep away.
 */
export class PhxClient {
  readonly #ws: WebSocket;
  readonly #options: PhxClientOptions;
  readonly #pending = new Map<
    string,
    { resolve: (reply: { status: string; response: unknown }) => void; reject: (error: Error) => void }
  >();
  readonly #joinRefs = new Map<string, string>();
  readonly #presence = new Map<string, PresenceState>();
  readonly #messageListeners = new Set<MessageListener>();
  readonly #presenceListeners = new Set<PresenceListener>();
  readonly #closeListeners = new Set<() => void>();
  readonly #heartbeat: NodeJS.Timeout;
  #ref = 0;
  #closed = false;
  /** Presence frames received (parsed or not), per event. */
  readonly presenceFrames = { presence_state: 0, presence_diff: 0 };

  private constructor(ws: WebSocket, options: PhxClientOptions) {
    this.#ws = ws;
    this.#options = options;
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (!isBinary) this.#receive(data.toString());
    });
    ws.on("close", () => this.#fail(new Error("socket closed")));
    ws.on("error", () => {});
    this.#heartbeat = setInterval(() => this.#send([null, this.#nextRef(), "phoenix", "heartbeat", {}]), HEARTBEAT_MS).unref();
  }

  /** Opens `ws://host:port` + `/socket/websocket?vsn=2.0.0`. */
  static connect(baseUrl: string, options: PhxClientOptions = {}): Promise<PhxClient> {
    const ws = new WebSocket(`${baseUrl}/socket/websocket?vsn=2.0.0`, {
      perMessageDeflate: false,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    return new Promise((resolve, reject) => {
      ws.once("open", () => {
        ws.off("error", reject);
        resolve(new PhxClient(ws, options));
      });
      ws.once("error", reject);
    });
  }

  get open(): boolean {
    return !this.#closed && this.#ws.readyState === WebSocket.OPEN;
  }

  onMessage(listener: MessageListener): () => void {
    this.#messageListeners.add(listener);
    return () => this.#messageListeners.delete(listener);
  }

  /** Called after every presence frame is synced, with the keys that appeared and disappeared. */
  /** Runs once when the connection ends, whoever ended it. */
  onClose(listener: () => void): () => void {
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  onPresence(listener: PresenceListener): () => void {
    this.#presenceListeners.add(listener);
    return () => this.#presenceListeners.delete(listener);
  }

  /** Joins; resolves once the server answered ok, rejects on an error reply or after `timeoutMs`. */
  async join(topic: string, payload: unknown, timeoutMs = 10_000): Promise<void> {
    const ref = this.#nextRef();
    this.#joinRefs.set(topic, ref);
    const reply = await this.#request([ref, ref, topic, "phx_join", payload], ref, timeoutMs);
    if (reply.status !== "ok") throw new Error(`join ${topic} refused: ${JSON.stringify(reply.response)}`);
  }

  /** A push without waiting for its reply. */
  push(topic: string, event: string, payload: unknown): void {
    this.#send([this.#joinRefs.get(topic) ?? null, this.#nextRef(), topic, event, payload]);
  }

  /** Keys present on `topic` as the official client would list them (needs `presence: true`). */
  presenceKeys(topic: string): string[] {
    return Object.keys(this.#presence.get(topic) ?? {});
  }

  hasPresence(topic: string, key: string): boolean {
    return this.#presence.get(topic)?.[key] !== undefined;
  }

  /** Drops the connection at once. Safe to call twice. */
  close(): void {
    this.#fail(new Error("client closed"));
    this.#ws.terminate();
  }

  #request(frame: unknown[], ref: string, timeoutMs: number): Promise<{ status: string; response: unknown }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(ref);
        reject(new Error(`no reply to ${String(frame[3])} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(ref, {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#send(frame);
    });
  }

  #send(frame: unknown[]): void {
    if (this.open) this.#ws.send(JSON.stringify(frame));
  }

  #nextRef(): string {
    return String(++this.#ref);
  }

  #receive(text: string): void {
    const presenceEvent = PRESENCE_EVENT.exec(text.slice(0, 256))?.[1];
    if (presenceEvent) {
      this.presenceFrames[presenceEvent === "state" ? "presence_state" : "presence_diff"]++;
      if (!this.#options.presence) return;
    }
    const [, ref, topic, event, payload] = JSON.parse(text) as [string | null, string | null, string, string, unknown];
    if (event === "phx_reply" && ref !== null) {
      const waiting = this.#pending.get(ref);
      this.#pending.delete(ref);
      waiting?.resolve(payload as { status: string; response: unknown });
      return;
    }
    if (event === "presence_state") this.#syncState(topic, payload as PresenceState);
    else if (event === "presence_diff") this.#syncDiff(topic, payload as { joins: PresenceState; leaves: PresenceState });
    for (const listener of this.#messageListeners) listener(topic, event, payload);
  }

  #syncState(topic: string, incoming: PresenceState): void {
    const before = this.#presence.get(topic) ?? {};
    const after = Presence.syncState(before, incoming) as PresenceState;
    this.#presence.set(topic, after);
    this.#notify(
      topic,
      Object.keys(after).filter((key) => before[key] === undefined),
      Object.keys(before).filter((key) => after[key] === undefined),
    );
  }

  /** `syncDiff` updates the state in place; only the keys the diff names can change. */
  #syncDiff(topic: string, diff: { joins: PresenceState; leaves: PresenceState }): void {
    const state = this.#presence.get(topic) ?? {};
    const absent = Object.keys(diff.joins).filter((key) => state[key] === undefined);
    const present = Object.keys(diff.leaves).filter((key) => state[key] !== undefined);
    const after = Presence.syncDiff(state, diff) as PresenceState;
    this.#presence.set(topic, after);
    this.#notify(
      topic,
      absent.filter((key) => after[key] !== undefined),
      present.filter((key) => after[key] === undefined),
    );
  }

  #notify(topic: string, joined: string[], left: string[]): void {
    for (const listener of this.#presenceListeners) listener(topic, joined, left);
  }

  #fail(error: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
    for (const listener of this.#closeListeners) listener();
    this.#closeListeners.clear();
  }
}
