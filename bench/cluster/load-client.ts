/**
 * A load-client process for the cluster benchmarks: holds thousands of
 * sockets (Plenum via PhxClient, or Socket.IO) outside the servers and the
 * runner, and answers `LoadCommand`s over IPC. Exits when the runner goes away.
 */
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { io } from "socket.io-client";
import { Histogram } from "../lib/histogram.ts";
import type { LoadCommand, LoadReply, OpenResult, Peer, SocketSpec, SocketStream, StreamStats } from "./load-protocol.ts";
import { HeldSockets } from "./held-sockets.ts";
import { PhxClient } from "./phx-client.ts";

interface Conn {
  readonly url: string;
  readonly topic: string;
  readonly open: () => boolean;
  readonly presenceFrames: () => number;
  /** The server refused this socket the presence list (topic over maxListKeys). */
  readonly listRefused: () => boolean;
  readonly close: () => void;
}

interface Stream {
  next: number;
  distinct: number;
  gaps: number;
  backwards: number;
}

type MessageSink = (conn: Conn, payload: unknown) => void;

async function openPlenum(spec: SocketSpec, localAddress: string, timeoutMs: number, sink: MessageSink): Promise<Conn> {
  const client = await PhxClient.connect(spec.url, { localAddress });
  let refused = false;
  const conn: Conn = {
    url: spec.url,
    topic: spec.topic,
    open: () => client.open,
    presenceFrames: () => client.presenceFrames.presence_state + client.presenceFrames.presence_diff,
    listRefused: () => refused,
    close: () => client.close(),
  };
  client.onMessage((_topic, event, payload) => {
    if (event === "msg") sink(conn, payload);
    else if (event === "presence_refused") refused = true;
  });
  try {
    await client.join(
      spec.topic,
      { ...(spec.user ? { user: spec.user } : {}), ...(spec.list !== undefined ? { list: spec.list } : {}) },
      timeoutMs,
    );
  } catch (error) {
    client.close();
    throw error;
  }
  return conn;
}

async function openSocketIo(spec: SocketSpec, localAddress: string, timeoutMs: number, sink: MessageSink): Promise<Conn> {
  const socket = io(spec.url, { transports: ["websocket"], reconnection: false, localAddress, timeout: timeoutMs } as Parameters<
    typeof io
  >[1]);
  const conn: Conn = {
    url: spec.url,
    topic: spec.topic,
    open: () => socket.connected,
    presenceFrames: () => 0,
    listRefused: () => false,
    close: () => socket.disconnect(),
  };
  socket.on("msg", (payload: unknown) => sink(conn, payload));
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const answer: unknown = await socket.timeout(timeoutMs).emitWithAck("join", spec.topic);
    if (answer) throw new Error(`join refused: ${JSON.stringify(answer)}`);
  } catch (error) {
    socket.disconnect();
    throw error;
  }
  return conn;
}

const openers: Record<Peer, typeof openPlenum> = { plenum: openPlenum, socketio: openSocketIo };

class LoadClient {
  readonly #conns: Conn[] = [];
  readonly #streams = new Map<Conn, Stream>();
  readonly #latency = new Map<string, Histogram>();
  readonly #held = new HeldSockets();
  #received = 0;
  #firstAt = 0;
  #lastAt = 0;
  #cpuMark = process.cpuUsage();

  handle(command: LoadCommand): Promise<unknown> | unknown {
    switch (command.type) {
      case "open":
        return this.#open(command);
      case "reset":
        return this.#reset();
      case "stats":
        return this.#stats();
      case "hold":
        return this.#held.hold(command);
      case "reconnects":
        return this.#held.reconnects();
      case "close":
        this.#held.close();
        for (const conn of this.#conns) conn.close();
        this.#conns.length = 0;
        return null;
    }
  }

  async #open(command: Extract<LoadCommand, { type: "open" }>): Promise<OpenResult> {
    const open = openers[command.peer];
    const started = performance.now();
    const joins: [number, number][] = [];
    let failed = 0;
    let firstError: string | undefined;
    const attempts: Promise<void>[] = [];
    for (const [i, spec] of command.sockets.entries()) {
      const due = started + (i * 1000) / command.ratePerSec;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const localAddress = command.addresses[i % command.addresses.length]!;
      const at = performance.now();
      attempts.push(
        open(spec, localAddress, command.joinTimeoutMs, (conn, payload) => this.#deliver(conn, payload)).then(
          (conn) => {
            this.#conns.push(conn);
            this.#streams.set(conn, { next: 0, distinct: 0, gaps: 0, backwards: 0 });
            joins.push([at - started, performance.now() - at]);
          },
          (error: unknown) => {
            failed++;
            firstError ??= error instanceof Error ? error.message : String(error);
          },
        ),
      );
    }
    await Promise.all(attempts);
    return { opened: joins.length, failed, ...(firstError ? { firstError } : {}), joins };
  }

  #deliver(conn: Conn, payload: unknown): void {
    const now = performance.timeOrigin + performance.now();
    const { seq, t } = payload as { seq?: unknown; t?: unknown };
    if (typeof seq !== "number" || typeof t !== "number") return;
    let histogram = this.#latency.get(conn.url);
    if (!histogram) this.#latency.set(conn.url, (histogram = new Histogram()));
    histogram.record(now - t);
    this.#received++;
    this.#firstAt ||= now;
    this.#lastAt = now;
    const stream = this.#streams.get(conn);
    if (!stream) return;
    if (seq >= stream.next) {
      stream.distinct++;
      stream.gaps += seq - stream.next;
      stream.next = seq + 1;
    } else stream.backwards++;
  }

  #reset(): null {
    for (const stream of this.#streams.values()) Object.assign(stream, { next: 0, distinct: 0, gaps: 0, backwards: 0 });
    for (const histogram of this.#latency.values()) histogram.reset();
    this.#received = 0;
    this.#firstAt = 0;
    this.#lastAt = 0;
    this.#cpuMark = process.cpuUsage();
    return null;
  }

  #stats(): StreamStats {
    const cpu = process.cpuUsage(this.#cpuMark);
    const sockets: SocketStream[] = this.#conns.map((conn) => {
      const { distinct, gaps, backwards } = this.#streams.get(conn)!;
      return { url: conn.url, topic: conn.topic, open: conn.open(), distinct, gaps, backwards };
    });
    return {
      sockets,
      latency: Object.fromEntries([...this.#latency].map(([url, histogram]) => [url, histogram.toSparse()])),
      received: this.#received,
      firstAt: this.#firstAt,
      lastAt: this.#lastAt,
      presenceFrames: this.#conns.reduce((sum, conn) => sum + conn.presenceFrames(), 0),
      listsRefused: this.#conns.filter((conn) => conn.listRefused()).length,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  }
}

const client = new LoadClient();
process.on("message", (message: { id: number; command: LoadCommand }) => {
  void (async () => {
    let reply: LoadReply;
    try {
      reply = { id: message.id, ok: true, result: (await client.handle(message.command)) ?? null };
    } catch (error) {
      reply = { id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    process.send?.(reply);
  })();
});
process.on("disconnect", () => process.exit(0));
