import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { TextFrame, type Frame } from "../protocol/serializer.ts";
import type { Connection, Socket } from "../socket/socket.ts";
import { connectInfo, connectParams, requestSerializer } from "./connect.ts";
import { answerJson } from "./json-answer.ts";
import { discardBody, readBody } from "./read-body.ts";
import type { Acceptor } from "./acceptor.ts";
import type { BoundedLog } from "./bounded-log.ts";
import type { OriginGate } from "./origin-gate.ts";

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
  readonly #onBinaryDropped: () => void;

  constructor(pollTimeoutMs: number, onClose: () => void, onBinaryDropped: () => void) {
    this.#pollTimeoutMs = pollTimeoutMs;
    this.#onClose = onClose;
    this.#onBinaryDropped = onBinaryDropped;
  }

  get idleSince(): number {
    return this.#waiting ? Date.now() : this.#lastPoll;
  }

  readonly connection: Connection = {
    write: (frame: Frame, done: () => void) => {
      if (this.#closed) return done();
      if (Buffer.isBuffer(frame)) {
        // The official client's long-poll transport cannot decode binary frames.
        this.#onBinaryDropped();
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
    answerJson(waiting.res, 200, { status: batch.length > 0 ? 200 : 204, token: this.token, messages: batch.map((m) => m.text) });
    for (const { done } of batch) done();
  }
}

/** The frames of a POST body: ndjson lines (JSON text, or base64 binary) from the official client, else one text frame. */
function framesOf(req: IncomingMessage, body: Buffer): { data: Buffer; binary: boolean }[] {
  const mediaType = req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/x-ndjson") return body.length > 0 ? [{ data: body, binary: false }] : [];
  return body
    .toString("utf8")
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => {
      const text = line.startsWith("[") || line.startsWith("{");
      return { data: text ? Buffer.from(line, "utf8") : Buffer.from(line, "base64"), binary: !text };
    });
}

export interface LongPollOptions {
  readonly path: string;
  readonly maxFrameBytes: number;
  /** How long a GET waits for messages before answering 204. Phoenix: 10 s. */
  readonly pollTimeoutMs: number;
  /** A session nobody polls for this long is closed. */
  readonly sessionTimeoutMs: number;
  readonly origins: OriginGate;
  readonly refusals: BoundedLog;
  /** A binary frame was not delivered to a long-poll client (it cannot decode one). */
  readonly onBinaryDropped: () => void;
}

/**
 * Phoenix's long-poll transport at `<path>/longpoll`, for clients that
 * cannot hold a WebSocket. The protocol status travels in the JSON body
 * (`410` = new session with its token, `200` = messages, `204` = none,
 * `403` = refused); the HTTP status stays 200 as the client expects, except
 * for a refused Origin (HTTP 403) and an oversized POST (HTTP 413).
 *
 * A GET whose token names no session (expired, closed, or from before a
 * restart) opens a new one, running `connect` again, and answers 410 with
 * the new token, as Phoenix does; a POST to no session answers 410 alone.
 * Pages of other origins that the origin check allows get CORS answers,
 * preflight included.
 */
export class LongPollTransport {
  readonly #acceptor: Acceptor;
  readonly #options: LongPollOptions;
  readonly #sessions = new Map<string, Session>();
  readonly #sweeper: NodeJS.Timeout;
  #accepting = true;

  constructor(acceptor: Acceptor, options: LongPollOptions) {
    this.#acceptor = acceptor;
    this.#options = options;
    this.#sweeper = setInterval(() => this.#sweep(), Math.max(1000, options.sessionTimeoutMs / 2)).unref();
  }

  /** Serves the request if it is for this transport's path; returns false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== `${this.#options.path}/longpoll`) return false;
    this.#serve(url, req, res).catch(() => answerJson(res, 200, { status: 500 }));
    return true;
  }

  /** From now on no new session opens (HTTP 503, `{"status":503}`): the node is draining; open sessions carry on until closed. */
  stopAccepting(): void {
    this.#accepting = false;
  }

  close(): void {
    clearInterval(this.#sweeper);
    for (const session of [...this.#sessions.values()]) session.close();
  }

  async #serve(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const admission = this.#options.origins.admit(req, "longpoll");
    if (!admission.allowed) {
      await discardBody(req);
      return answerJson(res, 403, { status: 403 });
    }
    for (const [name, value] of Object.entries(admission.cors)) res.setHeader(name, value);
    const token = url.searchParams.get("token");
    const session = token ? this.#sessions.get(token) : undefined;
    switch (req.method) {
      case "OPTIONS":
        return preflight(req, res);
      case "GET":
        return session ? session.poll(res) : this.#open(url, req, res);
      case "POST": {
        if (!session) {
          await discardBody(req);
          return answerJson(res, 200, { status: 410 });
        }
        const body = await readBody(req, this.#options.maxFrameBytes * 8);
        if (!body) return answerJson(res, 413, { status: 413 });
        for (const frame of framesOf(req, body)) session.socket?.receive(frame.data, frame.binary);
        return answerJson(res, 200, { status: 200 });
      }
      default:
        await discardBody(req);
        res.writeHead(405, { allow: "GET, POST, OPTIONS" }).end();
    }
  }

  async #open(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.#accepting) return answerJson(res, 503, { status: 503 });
    const serializer = requestSerializer(url, "longpoll", this.#options.refusals);
    if (!serializer) return answerJson(res, 200, { status: 403 });
    const accepted = await this.#acceptor.accept(connectParams(url), connectInfo("longpoll", req));
    if (!accepted) return answerJson(res, 200, { status: 403 });
    if (!this.#accepting) return answerJson(res, 503, { status: 503 });
    const session = new Session(this.#options.pollTimeoutMs, () => this.#sessions.delete(session.token), this.#options.onBinaryDropped);
    session.socket = accepted.open(session.connection, serializer);
    this.#sessions.set(session.token, session);
    answerJson(res, 200, { status: 410, token: session.token, messages: [] });
  }

  #sweep(): void {
    const deadline = Date.now() - this.#options.sessionTimeoutMs;
    for (const session of [...this.#sessions.values()]) {
      if (session.idleSince < deadline) session.close();
    }
  }
}

/** A CORS preflight (its origin already admitted): the methods and the headers it asked for, cached for an hour, as Phoenix. */
function preflight(req: IncomingMessage, res: ServerResponse): void {
  const requested = req.headers["access-control-request-headers"];
  res.writeHead(200, {
    "access-control-allow-methods": "GET, POST, OPTIONS",
    ...(requested ? { "access-control-allow-headers": requested } : {}),
    "access-control-max-age": "3600",
    "content-length": 0,
  });
  res.end();
}
