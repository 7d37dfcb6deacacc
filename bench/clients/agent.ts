/**
 * A load-client process. The runner forks a few of these so that client
 * work runs outside the server under test and its CPU is reported; each
 * holds thousands of WebSockets and answers the runner's `Command`s over IPC.
 * It exits when the runner goes away, so no client outlives a run.
 */
import { WebSocket } from "ws";
import { Histogram } from "../lib/histogram.ts";
import type { Incoming } from "./dialect.ts";
import { dialects } from "./dialects.ts";
import type { Dialect } from "./dialect.ts";
import type { Command, ConnectResult, CpuUse, DeliveryReport, Reply, RoundtripReport } from "./messages.ts";

interface Conn {
  readonly ws: WebSocket;
  joined: boolean;
  /** Marked by `pause`: its deliveries count apart and it stops reading. */
  slow: boolean;
}

const JOIN_TIMEOUT_MS = 30_000;

class Agent {
  readonly #conns: Conn[] = [];
  readonly #latency = new Histogram();
  readonly #rtt = new Histogram(10_000);
  /** Send times of requests in flight, by ref. */
  readonly #inFlight = new Map<number, number>();
  #onReply: ((conn: Conn, ref: number) => void) | undefined;
  #dialect: Dialect | undefined;
  #topic = "";
  #received = 0;
  #slowReceived = 0;
  #firstAt = 0;
  #lastAt = 0;
  #dropped = 0;
  #cpuMark = process.cpuUsage();
  #waiter: { atLeast: number; resolve: () => void } | undefined;
  #keepalive: NodeJS.Timeout | undefined;
  #pauseTimer: NodeJS.Timeout | undefined;
  #nextRef = 1;

  async handle(command: Command): Promise<unknown> {
    switch (command.type) {
      case "connect":
        return this.#connect(command);
      case "measure":
        this.#received = 0;
        this.#slowReceived = 0;
        this.#firstAt = 0;
        this.#lastAt = 0;
        this.#latency.reset();
        this.#cpuMark = process.cpuUsage();
        return null;
      case "await":
        await this.#awaitReceived(command.atLeast, command.timeoutMs);
        return this.#received;
      case "report":
        return this.#report();
      case "roundtrip":
        return this.#roundtrip(command.sockets, command.window, command.durationMs);
      case "pause":
        return this.#pause(command.sockets, command.afterMs);
      case "close":
        return this.#close();
    }
  }

  async #connect(command: Extract<Command, { type: "connect" }>): Promise<ConnectResult> {
    const dialect = dialects[command.peer];
    this.#dialect = dialect;
    this.#topic = command.topic;
    if (dialect.keepalive && !this.#keepalive) {
      const { frame, everyMs } = dialect.keepalive;
      this.#keepalive = setInterval(() => {
        for (const conn of this.#conns) if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(frame);
      }, everyMs).unref();
    }
    let opened = 0;
    let failed = 0;
    let firstError: string | undefined;
    let next = 0;
    const base = this.#conns.length;
    const worker = async (): Promise<void> => {
      while (next < command.count) {
        const index = base + next++;
        const address = command.addresses[index % command.addresses.length]!;
        try {
          this.#conns.push(await this.#open(dialect, command.port, address));
          opened++;
        } catch (error) {
          failed++;
          firstError ??= String(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(command.concurrency, command.count) }, worker));
    return { opened, failed, ...(firstError ? { firstError } : {}) };
  }

  #open(dialect: Dialect, port: number, localAddress: string): Promise<Conn> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(dialect.url(port), { localAddress, perMessageDeflate: false });
      const conn: Conn = { ws, joined: false, slow: false };
      const send = (frame: string): void => ws.send(frame);
      const timer = setTimeout(() => fail(new Error("join timed out")), JOIN_TIMEOUT_MS);
      const fail = (error: Error): void => {
        clearTimeout(timer);
        ws.terminate();
        reject(error);
      };
      ws.on("open", () => {
        for (const frame of dialect.opening(this.#topic)) send(frame);
      });
      ws.on("message", (data: Buffer) => {
        let incoming: Incoming;
        try {
          incoming = dialect.read(data.toString(), this.#topic, send);
        } catch (error) {
          fail(error as Error);
          return;
        }
        if (incoming.kind === "delivery") this.#delivered(conn, incoming.t);
        else if (incoming.kind === "reply") this.#onReply?.(conn, incoming.ref);
        else if (incoming.kind === "joined" && !conn.joined) {
          conn.joined = true;
          clearTimeout(timer);
          resolve(conn);
        }
      });
      ws.on("error", (error) => fail(error));
      ws.on("close", () => {
        if (conn.joined && !conn.slow) this.#dropped++;
        conn.joined = false;
      });
    });
  }

  #delivered(conn: Conn, t: number): void {
    if (conn.slow) {
      this.#slowReceived++;
      return;
    }
    const now = Date.now();
    this.#latency.record(now - t);
    if (this.#received++ === 0) this.#firstAt = now;
    this.#lastAt = now;
    if (this.#waiter && this.#received >= this.#waiter.atLeast) {
      this.#waiter.resolve();
      this.#waiter = undefined;
    }
  }

  #awaitReceived(atLeast: number, timeoutMs: number): Promise<void> {
    if (this.#received >= atLeast) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        resolve();
      }, timeoutMs);
      this.#waiter = {
        atLeast,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }

  #report(): DeliveryReport {
    return {
      received: this.#received,
      slowReceived: this.#slowReceived,
      latency: this.#latency.toSparse(),
      firstAt: this.#firstAt,
      lastAt: this.#lastAt,
      cpu: cpuSince(this.#cpuMark),
      dropped: this.#dropped,
    };
  }

  async #roundtrip(sockets: number, window: number, durationMs: number): Promise<RoundtripReport> {
    const dialect = this.#dialect;
    if (!dialect) throw new Error("roundtrip before connect");
    const conns = this.#conns.filter((c) => c.joined).slice(0, sockets);
    if (conns.length < sockets) throw new Error(`only ${conns.length} joined sockets for a ${sockets}-socket round trip`);
    this.#rtt.reset();
    this.#inFlight.clear();
    const cpuMark = process.cpuUsage();
    const started = performance.now();
    const deadline = started + durationMs;
    let completed = 0;
    const request = (conn: Conn): void => {
      const ref = this.#nextRef++;
      this.#inFlight.set(ref, performance.now());
      conn.ws.send(dialect.request(this.#topic, ref));
    };
    const drained = new Promise<void>((resolve) => {
      this.#onReply = (conn, ref) => {
        const sentAt = this.#inFlight.get(ref);
        if (sentAt === undefined) return;
        this.#inFlight.delete(ref);
        const now = performance.now();
        if (now <= deadline) {
          completed++;
          this.#rtt.record(now - sentAt);
          request(conn);
        } else if (this.#inFlight.size === 0) resolve();
      };
    });
    for (const conn of conns) for (let i = 0; i < window; i++) request(conn);
    await new Promise((r) => setTimeout(r, durationMs));
    // Let the last window come back (bounded), so the next phase starts quiet.
    await Promise.race([drained, new Promise((r) => setTimeout(r, 5000))]);
    this.#onReply = undefined;
    return { completed, durationMs: Math.min(performance.now(), deadline) - started, rtt: this.#rtt.toSparse(), cpu: cpuSince(cpuMark) };
  }

  #pause(sockets: number, afterMs: number): number {
    const joined = this.#conns.filter((c) => c.joined);
    const slow = joined.slice(Math.max(0, joined.length - sockets));
    for (const conn of slow) conn.slow = true;
    clearTimeout(this.#pauseTimer);
    this.#pauseTimer = setTimeout(() => {
      for (const conn of slow) conn.ws.pause();
    }, afterMs);
    return slow.length;
  }

  async #close(): Promise<number> {
    clearInterval(this.#keepalive);
    this.#keepalive = undefined;
    clearTimeout(this.#pauseTimer);
    this.#pauseTimer = undefined;
    const count = this.#conns.length;
    for (const conn of this.#conns.splice(0)) {
      conn.joined = false;
      conn.ws.terminate();
    }
    this.#dropped = 0;
    return count;
  }
}

function cpuSince(mark: NodeJS.CpuUsage): CpuUse {
  const used = process.cpuUsage(mark);
  return { userMs: used.user / 1000, systemMs: used.system / 1000 };
}

const agent = new Agent();
process.on("message", (message: { id: number; command: Command }) => {
  agent.handle(message.command).then(
    (result) => process.send?.({ id: message.id, ok: true, result } satisfies Reply),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: String(error) } satisfies Reply),
  );
});
process.on("disconnect", () => process.exit(0));
