import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type PerMessageDeflateOptions, type WebSocket } from "ws";
import { TextFrame } from "../protocol/serializer.ts";
import type { Connection, Socket } from "../socket/socket.ts";
import { connectInfo, connectParams, requestSerializer } from "./connect.ts";
import type { Acceptor } from "./acceptor.ts";
import type { BoundedLog } from "./bounded-log.ts";
import type { OriginGate } from "./origin-gate.ts";

/** How long a closing socket may take to finish the close handshake before it is cut. */
const CLOSE_GRACE_MS = 2000;

function reject(raw: Duplex, status: number, text: string): void {
  raw.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export interface WebSocketOptions {
  readonly path: string;
  readonly maxFrameBytes: number;
  readonly origins: OriginGate;
  readonly refusals: BoundedLog;
  /** See `wsDeflate`; false sends every frame as it is. */
  readonly perMessageDeflate: PerMessageDeflateOptions | false;
}

/**
 * The WebSocket transport on `ws`, at `<path>/websocket`. The Origin, the
 * `vsn` and the connect parameters are checked before the upgrade, in that
 * order (as Phoenix), so a refused client gets a plain HTTP 403 and never a
 * WebSocket.
 */
export class WebSocketTransport {
  readonly #wss: WebSocketServer;
  readonly #acceptor: Acceptor;
  readonly #path: string;
  readonly #origins: OriginGate;
  readonly #refusals: BoundedLog;
  #accepting = true;

  constructor(acceptor: Acceptor, options: WebSocketOptions) {
    this.#acceptor = acceptor;
    this.#path = `${options.path}/websocket`;
    this.#origins = options.origins;
    this.#refusals = options.refusals;
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxFrameBytes,
      perMessageDeflate: options.perMessageDeflate,
      // Echo the client's first subprotocol ("phoenix") when it sent an auth token.
      handleProtocols: (protocols) => (protocols.has("phoenix") ? "phoenix" : false),
    });
  }

  /** Handles the upgrade if it is for this transport's path; returns false otherwise. */
  handleUpgrade(request: IncomingMessage, raw: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== this.#path) return false;
    raw.on("error", () => raw.destroy());
    void this.#upgrade(url, request, raw, head);
    return true;
  }

  /** From now on every upgrade is answered 503 (the node is draining): clients retry, elsewhere or later. */
  stopAccepting(): void {
    this.#accepting = false;
  }

  async #upgrade(url: URL, request: IncomingMessage, raw: Duplex, head: Buffer): Promise<void> {
    if (!this.#accepting) return reject(raw, 503, "Service Unavailable");
    if (!this.#origins.admit(request, "websocket").allowed) return reject(raw, 403, "Forbidden");
    const serializer = requestSerializer(url, "websocket", this.#refusals);
    if (!serializer) return reject(raw, 403, "Forbidden");
    const accepted = await this.#acceptor.accept(connectParams(url), connectInfo("websocket", request));
    if (!accepted) return reject(raw, 403, "Forbidden");
    if (raw.destroyed) return;
    // connect may have taken long enough for a drain to start meanwhile.
    if (!this.#accepting) return reject(raw, 503, "Service Unavailable");
    this.#wss.handleUpgrade(request, raw, head, (ws) => wire(ws, accepted.open(wsConnection(ws, raw), serializer)));
  }

  close(): void {
    for (const ws of this.#wss.clients) ws.terminate();
    this.#wss.close();
  }
}

/**
 * Module-level on purpose: listeners made inside the upgrade callback would
 * keep the whole upgrade request (headers and all) alive as long as the socket.
 */
function wire(ws: WebSocket, socket: Socket): void {
  ws.on("message", (data, isBinary) => socket.receive(data as Buffer, isBinary));
  ws.on("close", () => socket.closed());
  ws.on("error", () => ws.terminate());
}

/**
 * A tick's first frame to a socket leaves at once; from the second on, the
 * TCP socket is corked until `nextTick`, so a burst leaves in one `writev`
 * (ws corks around each frame too; the counts nest). One system call per
 * frame made bursts syscall-bound, and corking the first frame too would
 * delay every single-message fan-out to the end of the loop.
 */
function wsConnection(ws: WebSocket, raw: Duplex): Connection {
  let writesThisTick = 0;
  const endTick = (): void => {
    if (writesThisTick > 1) raw.uncork();
    writesThisTick = 0;
  };
  return {
    write(frame, done) {
      if (writesThisTick === 0) process.nextTick(endTick);
      else if (writesThisTick === 1) raw.cork();
      writesThisTick++;
      if (typeof frame === "string") ws.send(frame, () => done());
      else if (frame instanceof TextFrame) ws.send(frame.bytes, { binary: false }, () => done());
      else ws.send(frame, { binary: true }, () => done());
    },
    close(code, reason) {
      ws.close(code, reason);
      setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
    },
  };
}
