import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocket } from "ws";
import { pino, type Logger } from "pino";
import { Endpoint, type EndpointOptions } from "../src/index.ts";

export interface Running {
  endpoint: Endpoint;
  server: Server;
  port: number;
  /** ws://127.0.0.1:port/socket — the official client appends /websocket. */
  url: string;
  close(): Promise<void>;
}

/** An endpoint on a real HTTP server (port 0 unless given, e.g. to restart on the same port), long-poll included. */
export async function startEndpoint(options: EndpointOptions, setup: (endpoint: Endpoint) => void, port = 0): Promise<Running> {
  const endpoint = new Endpoint({ logger: silentLogger(), ...options });
  setup(endpoint);
  await endpoint.start();
  const server = createServer((req, res) => {
    if (!endpoint.handleRequest(req, res)) res.writeHead(404).end();
  });
  endpoint.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    endpoint,
    server,
    port: bound,
    url: `ws://127.0.0.1:${bound}/socket`,
    async close() {
      await endpoint.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const quiet = pino({ level: process.env["LOG_LEVEL"] ?? "silent" });

export function silentLogger(): Logger {
  return quiet;
}

/** Waits until `predicate` holds, polling; fails after `timeoutMs`. */
export async function eventually(predicate: () => boolean | Promise<boolean>, timeoutMs = 5000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A raw WebSocket speaking frames directly, for malformed-input tests. */
export class RawClient {
  readonly ws: WebSocket;
  readonly frames: (string | Buffer)[] = [];
  closed: { code: number; reason: string } | undefined;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on("message", (data, isBinary) => this.frames.push(isBinary ? (data as Buffer) : (data as Buffer).toString()));
    ws.on("close", (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  static async connect(url: string, query = "vsn=2.0.0"): Promise<RawClient> {
    const ws = new WebSocket(`${url}/websocket?${query}`);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    return new RawClient(ws);
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /** The parsed JSON text frames received so far. */
  json(): unknown[] {
    return this.frames.filter((f): f is string => typeof f === "string").map((f) => JSON.parse(f));
  }

  async waitFor(predicate: (frame: unknown) => boolean, what = "frame"): Promise<unknown> {
    let found: unknown;
    await eventually(
      () => {
        found = this.json().find(predicate);
        return found !== undefined;
      },
      5000,
      what,
    );
    return found;
  }

  async waitClosed(): Promise<{ code: number; reason: string }> {
    await eventually(() => this.closed !== undefined, 5000, "close");
    return this.closed!;
  }

  close(): void {
    this.ws.terminate();
  }
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body as JSON, undefined when it is none. */
  json: any;
}

/** One raw HTTP request to 127.0.0.1 (headers exactly as given, so a test controls Origin, Host, Content-Length). */
export function httpRequest(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string | number>; body?: string | Buffer } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, method: options.method ?? "GET", headers: options.headers ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** The status a raw WebSocket upgrade to `path` gets (101 when upgraded; the socket is then closed), with exactly these extra headers. */
export function upgradeStatus(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port,
      path,
      agent: false,
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        ...headers,
      },
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("upgrade", (_res, socket) => {
      socket.destroy();
      resolve(101);
    });
    req.on("error", reject);
    req.end();
  });
}
