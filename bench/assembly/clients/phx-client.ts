import { WebSocket } from "ws";

/** A `phx_reply`: its status, response, and how long it took from push to reply. */
export interface PhxReply {
  readonly status: string;
  readonly response: unknown;
  readonly ms: number;
}

export interface PhxConnectOptions {
  /** The official client's `authToken` (sent as the `base64url.bearer.phx.*` subprotocol). */
  readonly authToken?: string;
  readonly params?: Record<string, string>;
  /** Source address (127.0.0.x) so many sockets do not exhaust one address's ports. */
  readonly localAddress?: string;
  readonly timeoutMs?: number;
}

const HEARTBEAT_MS = 30_000;
const REPLY_TIMEOUT_MS = 60_000;

/**
 * A protocol-level Phoenix Channels client (vsn 2.0.0, JSON text frames):
 * what a load test needs and nothing else, far lighter than the official
 * client so thousands fit in one load process.
 */
export class PhxClient {
  /** Called for every pushed (non-reply) message. */
  onPush: (topic: string, event: string, payload: unknown, bytes: number) => void = () => {};
  readonly #ws: WebSocket;
  readonly #pending = new Map<string, { resolve: (reply: PhxReply) => void; sent: number; timer: NodeJS.Timeout }>();
  readonly #joinRefs = new Map<string, string>();
  readonly #heartbeat: NodeJS.Timeout;
  #ref = 0;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on("message", (data: Buffer) => this.#receive(data));
    ws.on("close", () => this.#failAll("closed"));
    this.#heartbeat = setInterval(() => this.#send(null, "phoenix", "heartbeat", {}), HEARTBEAT_MS).unref();
  }

  static connect(url: string, options: PhxConnectOptions = {}): Promise<PhxClient> {
    const query = new URLSearchParams({ ...options.params, vsn: "2.0.0" });
    const protocols = options.authToken ? ["phoenix", `base64url.bearer.phx.${Buffer.from(options.authToken).toString("base64url")}`] : [];
    const ws = new WebSocket(`${url}/socket/websocket?${query}`, protocols, {
      perMessageDeflate: false,
      handshakeTimeout: options.timeoutMs ?? 30_000,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(new PhxClient(ws)));
      ws.once("error", reject);
      ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
    });
  }

  get open(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  join(topic: string, payload: unknown = {}): Promise<PhxReply> {
    const joinRef = String(++this.#ref);
    this.#joinRefs.set(topic, joinRef);
    return this.#request(joinRef, topic, "phx_join", payload);
  }

  push(topic: string, event: string, payload: unknown): Promise<PhxReply> {
    return this.#request(this.#joinRefs.get(topic) ?? null, topic, event, payload);
  }

  close(): void {
    clearInterval(this.#heartbeat);
    this.#ws.close();
    this.#failAll("closed");
  }

  #request(joinRef: string | null, topic: string, event: string, payload: unknown): Promise<PhxReply> {
    return new Promise((resolve) => {
      const ref = this.#send(joinRef, topic, event, payload);
      const timer = setTimeout(() => {
        this.#pending.delete(ref);
        resolve({ status: "timeout", response: null, ms: REPLY_TIMEOUT_MS });
      }, REPLY_TIMEOUT_MS).unref();
      this.#pending.set(ref, { resolve, sent: performance.now(), timer });
    });
  }

  #send(joinRef: string | null, topic: string, event: string, payload: unknown): string {
    const ref = String(++this.#ref);
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(JSON.stringify([joinRef, ref, topic, event, payload]));
    return ref;
  }

  #receive(data: Buffer): void {
    const [, ref, topic, event, payload] = JSON.parse(data.toString("utf8")) as [string | null, string | null, string, string, unknown];
    if (event !== "phx_reply") {
      this.onPush(topic, event, payload, data.length);
      return;
    }
    const waiting = ref === null ? undefined : this.#pending.get(ref);
    if (!waiting) return;
    this.#pending.delete(ref!);
    clearTimeout(waiting.timer);
    const { status, response } = payload as { status: string; response: unknown };
    waiting.resolve({ status, response, ms: performance.now() - waiting.sent });
  }

  #failAll(status: string): void {
    for (const [ref, waiting] of this.#pending) {
      clearTimeout(waiting.timer);
      waiting.resolve({ status, response: null, ms: performance.now() - waiting.sent });
      this.#pending.delete(ref);
    }
  }
}
