import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { TextFrame, type Frame } from "../protocol/serializer.ts";
import type { Connection, Socket } from "../socket/socket.ts";
import { connectInfo, connectParams, requestSerializer } from "./connect.ts";
import type { Acceptor } from "./acceptor.ts";

export interface LongPollOptions {
  readonly path: string;
  readonly maxFrameBytes: number;
  /** How long a GET waits for messages before answering 204. Phoenix: 10 s. */
  readonly pollTimeoutMs: number;
  /** A session nobody polls for this long is closed. */
  readonly sessionTimeoutMs: number;
}

interface Waiting {
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

/**
 * One long-poll client. Frames wait in `#outbox` until the next GET takes
 * them; their `done` callbacks run then, which is what lets the socket's
 * bounded queue apply backpressure to a client that stops polling.
 */
class Session {
  readonly token = randomBytes(24).toString("base64url");
  socket: Socket | undefined;
  #outbox: { text: string; done: () => void }[] = [];
  #waiting: Waiting | undefined;
  #lastPoll = Date.now();
  #closed = false;
  readonly #pollTimeoutMs: number;
  readonly #onClose: () => void;

  constructor(pollTimeoutMs: number, onClose: () => void) {
    this.#pollTimeoutMs = pollTimeoutMs;
    this.#onClose = onClose;
  }

  get idleSince(): number {
    return this.#waiting ? Date.now() : this.#lastPoll;
  }

  readonly connection: Connection = {
    write: (frame: Frame, done: () => void) => {
      if (this.#closed) return done();
      if (Buffer.isBuffer(frame)) {
        // The official client's long-poll transport cannot decode binary frames.
        return done();
      }
      this.#outbox.push({ text: frame instanceof TextFrame ? frame.toString() : frame, done });
      this.#flush();
    },
    close: () => this.close(),
  };

  poll(res: ServerResponse): void {
    this.#lastPoll = Date.now();
    if (this.#waiting) this.#answer(this.#waiting, []);
    const waiting: Waiting = {
      res,
      timer: setTimeout(() => this.#answer(waiting, []), this.#pollTimeoutMs).unref(),
    };
    this.#waiting = waiting;
    res.on("close", () => {
      if (this.#waiting === waiting) {
        clearTimeout(waiting.timer);
        this.#waiting = undefined;
      }
    });
    this.#flush();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#waiting) this.#answer(this.#waiting, []);
    for (const { done } of this.#outbox) done();
    this.#outbox = [];
    this.socket?.closed();
    this.#onClose();
  }

  #flush(): void {
    if (!this.#waiting || this.#outbox.length === 0) return;
    const batch = this.#outbox;
    this.#outbox = [];
    this.#answer(this.#waiting, batch);
  }

  #answer(waiting: Waiting, batch: { text: string; done: () => void }[]): void {
    clearTimeout(waiting.timer);
    if (this.#waiting === waiting) this.#waiting = undefined;
    this.#lastPoll = Date.now();
    const body =
      batch.length > 0 ? { status: 200, token: this.token, messages: batch.map((m) => m.text) } : { status: 204, token: this.token };
    json(waiting.res, body);
    for (const { done } of batch) done();
  }
}

function json(res: ServerResponse, body: unknown, httpStatus = 200): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(httpStatus, { "content-type": "application/json", "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Phoenix's long-poll transport at `<path>/longpoll`, for clients that
 * cannot hold a WebSocket. The protocol status travels in the JSON body
 * (`410` = new session with its token, `200` = messages, `204` = none,
 * `403` = refused); the HTTP status stays 200 as the client expects.
 */
export class LongPollTransport {
  readonly #acceptor: Acceptor;
  readonly #options: LongPollOptions;
  readonly #sessions = new Map<string, Session>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(acceptor: Acceptor, options: LongPollOptions) {
    this.#acceptor = acceptor;
    this.#options = options;
    this.#sweeper = setInterval(() => this.#sweep(), Math.max(1000, options.sessionTimeoutMs / 2)).unref();
  }

  /** Serves the request if it is for this transport's path; returns false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== `${this.#options.path}/longpoll`) return false;
    this.#serve(url, req, res).catch(() => json(res, { status: 500 }));
    return true;
  }

  close(): void {
    clearInterval(this.#sweeper);
    for (const session of [...this.#sessions.values()]) session.close();
  }

  async #serve(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = url.searchParams.get("token");
    const session = token ? this.#sessions.get(token) : undefined;
    if (req.method === "GET") {
      if (session) return session.poll(res);
      if (token) return json(res, { status: 410 });
      return this.#open(url, req, res);
    }
    if (req.method === "POST") {
      if (!session) return json(res, { status: 410 });
      const body = await readBody(req, this.#options.maxFrameBytes * 8);
      if (!body) return json(res, { status: 413 }, 413);
      for (const line of body.toString("utf8").split(/\r?\n/)) {
        if (line.length === 0) continue;
        // ndjson lines are JSON text frames, or base64 for binary frames.
        const text = line.startsWith("[") || line.startsWith("{");
        session.socket?.receive(text ? Buffer.from(line, "utf8") : Buffer.from(line, "base64"), !text);
      }
      return json(res, { status: 200 });
    }
    res.writeHead(405, { allow: "GET, POST" }).end();
  }

  async #open(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const serializer = requestSerializer(url);
    if (!serializer) return json(res, { status: 400 }, 400);
    const accepted = await this.#acceptor.accept(connectParams(url), connectInfo("longpoll", req));
    if (!accepted) return json(res, { status: 403 });
    const session = new Session(this.#options.pollTimeoutMs, () => this.#sessions.delete(session.token));
    session.socket = accepted.open(session.connection, serializer);
    this.#sessions.set(session.token, session);
    json(res, { status: 410, token: session.token });
  }

  #sweep(): void {
    const deadline = Date.now() - this.#options.sessionTimeoutMs;
    for (const session of [...this.#sessions.values()]) {
      if (session.idleSince < deadline) session.close();
    }
  }
}
