/**
 * Load client of the recovery benchmark (bench/scenarios/recovery.ts), one
 * process: `subscribers` raw WebSockets speaking Phoenix's v2 JSON join one
 * topic; on "go", `droppers` of them cut their connection one after the
 * other, stay away `downMs`, and rejoin with `{recover: {epoch, offset}}`
 * from their last message. Each socket checks its stream: offsets consecutive
 * from its join on (no gap, no duplicate), what it got in all. The others
 * ("fast") record receive time minus the server's stamp `t`. The report is
 * taken once the stream has gone quiet, not when the last rejoin is answered:
 * a late rejoin's missed messages follow its reply, and counting before they
 * arrive would call a complete socket incomplete.
 */
import { WebSocket } from "ws";
import { Histogram, type SparseHistogram } from "../lib/histogram.ts";

export interface RecoveryAgentConfig {
  readonly url: string;
  readonly topic: string;
  readonly subscribers: number;
  readonly droppers: number;
  /** Drops are spread over this long after "go". */
  readonly dropSpreadMs: number;
  readonly dropAtMs: number;
  readonly downMs: number;
  readonly addresses: readonly string[];
}

export interface RecoveryAgentReport {
  readonly fast: SparseHistogram;
  /** Per rejoin: from opening the new connection to the join reply. */
  readonly rejoinWait: SparseHistogram;
  /** Per socket: messages received (a recovered one counts once). */
  readonly received: number[];
  readonly droppers: number;
  /** Rejoins whose reply said recovered: true, and recovered: false / no history. */
  readonly recovered: number;
  readonly notRecovered: number;
  /** Messages pushed after a rejoin that the socket had missed. */
  readonly replayed: number;
  /** Sockets whose offsets skipped or repeated, or came out of order. */
  readonly outOfOrder: number;
  readonly joinFailures: number;
  /** Connections the server closed (slow consumer, node budget…): the client was told, and does not rejoin here. */
  readonly serverCloses: number;
}

type Frame = [string | null, string | null, string, string, Record<string, unknown>];

interface Counts {
  recovered: number;
  notRecovered: number;
  replayed: number;
  joinFailures: number;
  serverCloses: number;
}

/** When any socket of this process last got a frame: the report waits for the stream to go quiet. */
let lastFrameAt = Date.now();
const rejoinWait = new Histogram();

class Subscriber {
  received = 0;
  last: { epoch: string; offset: number } | undefined;
  broken = false;
  /** After a recovered rejoin: the offsets (after, up to] that the reply said follow it. */
  #replay: { after: number; upTo: number } | undefined;
  #ws: WebSocket | undefined;
  /** Set when this client cuts its own connection, so only the server's closes are counted. */
  #closing = false;
  #ref = 0;
  readonly #config: RecoveryAgentConfig;
  readonly #address: string;
  readonly #fast: Histogram | undefined;
  readonly #report: Counts;

  constructor(config: RecoveryAgentConfig, address: string, fast: Histogram | undefined, report: Counts) {
    this.#config = config;
    this.#address = address;
    this.#fast = fast;
    this.#report = report;
  }

  /** Resolves once joined. */
  open(recover: boolean): Promise<void> {
    return new Promise((resolve) => {
      const opened = Date.now();
      this.#closing = false;
      const ws = new WebSocket(`${this.#config.url}?vsn=2.0.0`, { localAddress: this.#address, perMessageDeflate: false });
      this.#ws = ws;
      const joinRef = String(++this.#ref);
      ws.on("open", () => {
        const payload = recover && this.last ? { recover: this.last } : {};
        ws.send(JSON.stringify([joinRef, joinRef, this.#config.topic, "phx_join", payload]));
      });
      ws.on("message", (data) => {
        lastFrameAt = Date.now();
        const [, ref, , event, payload] = JSON.parse(String(data)) as Frame;
        if (event === "phx_reply" && ref === joinRef) {
          const { status, response } = payload as {
            status: string;
            response: { _history?: { recovered?: boolean; epoch: string; offset: number } };
          };
          if (status !== "ok") this.#report.joinFailures++;
          const position = response?._history;
          if (recover) {
            rejoinWait.record(Date.now() - opened);
            if (position?.recovered === true) this.#report.recovered++;
            else this.#report.notRecovered++;
          }
          this.#replay = position?.recovered === true && this.last ? { after: this.last.offset, upTo: position.offset } : undefined;
          // Without recovery the stream goes on from the reply's top.
          if (position && position.recovered !== true) this.last = { epoch: position.epoch, offset: position.offset };
          resolve();
          return;
        }
        if (event === "msg") this.#message(payload);
      });
      ws.on("error", () => {});
      ws.on("close", () => {
        if (!this.#closing && this.#ws === ws) this.#report.serverCloses++;
        resolve();
      });
    });
  }

  #message(payload: Record<string, unknown>): void {
    this.received++;
    if (this.#fast) this.#fast.record(Date.now() - Number(payload["t"]));
    const position = payload["_history"] as { epoch: string; offset: number } | undefined;
    if (!position) return;
    if (this.last && (position.epoch !== this.last.epoch || position.offset !== this.last.offset + 1)) this.broken = true;
    if (this.#replay && position.offset > this.#replay.after && position.offset <= this.#replay.upTo) this.#report.replayed++;
    this.last = position;
  }

  drop(): void {
    this.#closing = true;
    this.#ws?.terminate();
  }

  heartbeat(): void {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(JSON.stringify([null, String(++this.#ref), "phoenix", "heartbeat", {}]));
  }

  close(): void {
    this.#closing = true;
    this.#ws?.terminate();
  }
}

let subscribers: Subscriber[] = [];
const fast = new Histogram();
const counts: Counts = { recovered: 0, notRecovered: 0, replayed: 0, joinFailures: 0, serverCloses: 0 };
const QUIET_MS = 2_000;
const MAX_WAIT_MS = 120_000;
let config: RecoveryAgentConfig;
let heartbeats: NodeJS.Timeout | undefined;
let droppersDone: Promise<void> = Promise.resolve();

process.on("message", async (message: { type: "start"; config: RecoveryAgentConfig } | { type: "go" } | { type: "report" }) => {
  if (message.type === "start") {
    config = message.config;
    subscribers = Array.from(
      { length: config.subscribers },
      (_, i) => new Subscriber(config, config.addresses[i % config.addresses.length]!, i < config.droppers ? undefined : fast, counts),
    );
    for (let i = 0; i < subscribers.length; i += 100) await Promise.all(subscribers.slice(i, i + 100).map((s) => s.open(false)));
    heartbeats = setInterval(() => {
      for (const s of subscribers) s.heartbeat();
    }, 20_000);
    process.send!({ type: "ready" });
  } else if (message.type === "go") {
    const droppers = subscribers.slice(0, config.droppers);
    droppersDone = Promise.all(
      droppers.map(async (s, i) => {
        await sleep(config.dropAtMs + (config.dropSpreadMs * i) / Math.max(1, droppers.length));
        s.drop();
        await sleep(config.downMs);
        await s.open(true);
      }),
    ).then(() => undefined);
  } else {
    await droppersDone;
    const waitUntil = Date.now() + MAX_WAIT_MS;
    while (Date.now() - lastFrameAt < QUIET_MS && Date.now() < waitUntil) await sleep(250);
    clearInterval(heartbeats);
    const report: RecoveryAgentReport = {
      fast: fast.toSparse(),
      rejoinWait: rejoinWait.toSparse(),
      received: subscribers.map((s) => s.received),
      droppers: config.droppers,
      ...counts,
      outOfOrder: subscribers.filter((s) => s.broken).length,
    };
    for (const s of subscribers) s.close();
    process.send!({ type: "report", report }, () => process.exit(0));
  }
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
