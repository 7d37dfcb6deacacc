/**
 * Ballot burst: N participants cast one ballot
 * each on one poll as fast as the real app accepts them, over HTTP and over
 * the WebSocket channel (`vote` push), on SQLite and on PostgreSQL. Verifies
 * exactly N ballots stored and the tally. Goal: 20,000 in under 10 s.
 * Path `open` votes on sockets connected and joined beforehand (in waves, as
 * 20,000 sockets do not fit the file-descriptor limit at once) and reports
 * the server CPU per voter session: connect, join with its snapshot, vote and
 * the re-render the vote causes.
 *
 *   npx tsx bench/assembly/ballot-burst.ts [--quick] [--docs]
 */
import { loadavg } from "node:os";
import { Histogram } from "../lib/histogram.ts";
import { cpuSeconds } from "../lib/proc-stats.ts";
import { RssSampler } from "../lib/rss-sampler.ts";
import { num, table } from "../lib/table.ts";
import type { HttpVote, Outcome, Session } from "./clients/commands.ts";
import { addChoices, ballotBody, tallyMatches } from "./lib/choices.ts";
import { runIfMain, SOURCE_ADDRESSES, writeJson, type BenchContext } from "./lib/context.ts";
import { freshDatabase, type DatabaseKind } from "./lib/databases.ts";
import { IpcChild } from "./lib/ipc-child.ts";
import type { Seeded } from "./lib/seed.ts";
import type { TallyCheck } from "./lib/server-protocol.ts";
import { split } from "./lib/split.ts";

const LOAD_PROCESSES = 2;
/** BURST_DATABASES=sqlite (or postgres) and BURST_PATHS=http (or websocket) narrow a run and BURST_N sets N, e.g. while profiling. */
const databases = (): DatabaseKind[] =>
  (process.env["BURST_DATABASES"]?.split(",") as DatabaseKind[] | undefined) ?? ["sqlite", "postgres"];
const PATHS = [
  ["http", 200],
  ["websocket", 400],
  ["open", 400],
] as const;
/** Sockets open at once on the `open` path: the server's descriptors (20,000, hard) must hold them and its database's. */
const WAVE = Number(process.env["BURST_WAVE"] ?? 10_000);
/** After the last ack of a wave, the re-renders its votes caused still run: their CPU is part of the sessions'. */
const SETTLE_MS = 1_000;
const paths = (): (typeof PATHS)[number][] => {
  const chosen = process.env["BURST_PATHS"]?.split(",");
  return PATHS.filter(([path]) => chosen === undefined || chosen.includes(path));
};
const GOAL_SECONDS = 10;

export interface BurstResult {
  readonly database: DatabaseKind;
  readonly path: "http" | "websocket" | "open";
  readonly n: number;
  readonly concurrency: number;
  readonly seconds: number;
  readonly ballotsPerSecond: number;
  readonly ackMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** WebSocket only: connect + join + vote, per voter. */
  readonly sessionMs?: { readonly p50: number; readonly p99: number };
  /** `open` only: server CPU per voter session (connect, join, snapshot, vote, re-render), ms; and the connecting, not timed. */
  readonly sessionCpuMs?: number;
  readonly connectSeconds?: number;
  /** Ballots sent before the time budget ran out (N unless the run was cut short). */
  readonly attempted: number;
  readonly accepted: number;
  readonly refused: number;
  readonly errors: readonly string[];
  readonly stored: number;
  readonly tallyMatches: boolean;
  readonly serverCpuSeconds: number;
  readonly clientCpuSeconds: number;
  readonly serverPeakRssMb: number;
  readonly setupSeconds: { readonly participants: number; readonly invitations: number };
  /** The machine's 1-minute load average right after the burst (2 cores, shared): context for the figures. */
  readonly loadAfter: number;
}

function merged(outcomes: readonly Outcome[], pick: (o: Outcome) => Outcome["latency"] | undefined): Histogram {
  const histogram = new Histogram();
  for (const outcome of outcomes) histogram.merge(pick(outcome) ?? []);
  return histogram;
}

interface OpenSockets {
  readonly outcomes: Outcome[];
  readonly voteSeconds: number;
  readonly connectSeconds: number;
  readonly serverCpuSeconds: number;
  readonly joinFailures: number;
  readonly joinErrors: readonly string[];
}

/**
 * Waves of at most WAVE voters: all connect and join their own topic, then all
 * vote at once on their open sockets; only the votes are timed. The server's
 * CPU is counted for everything, connecting included.
 */
async function openSockets(
  clients: readonly IpcChild[],
  server: IpcChild,
  seeded: Seeded,
  url: string,
  pollId: string,
  connectConcurrency: number,
  budgetMs: number,
): Promise<OpenSockets> {
  const outcomes: Outcome[] = [];
  let voteSeconds = 0;
  let connectSeconds = 0;
  let serverCpuSeconds = 0;
  let joinFailures = 0;
  const joinErrors: string[] = [];
  const topicOf = (i: number) => `event:${seeded.eventId}:participant:${seeded.participantIds[i]}`;
  const addresses = split(SOURCE_ADDRESSES, clients.length);
  for (let first = 0; first < seeded.tokens.length && voteSeconds * 1000 < budgetMs; first += WAVE) {
    const voters = seeded.tokens.slice(first, first + WAVE).map((token, k) => ({ token, i: first + k }));
    const parts = split(voters, clients.length);
    const cpuBefore = cpuSeconds(server.pid);
    let started = performance.now();
    const joined = await Promise.all(
      parts.map((part, c) =>
        clients[c]!.ask<Outcome>({
          kind: "join",
          url,
          members: part.map(({ token, i }) => ({ authToken: `participant:${token}`, topics: [topicOf(i)] })),
          addresses: addresses[c]!,
          spreadMs: 0,
          concurrency: Math.ceil(connectConcurrency / clients.length),
          deadlineMs: budgetMs,
        }),
      ),
    );
    connectSeconds += (performance.now() - started) / 1000;
    // A voter whose connect or join failed is refused at the vote ("not connected"): the run reports it, not aborts.
    joinFailures += joined.reduce((sum, o) => sum + o.failed, 0);
    joinErrors.push(...joined.flatMap((o) => o.errors));
    started = performance.now();
    outcomes.push(
      ...(await Promise.all(
        parts.map((part, c) =>
          clients[c]!.ask<Outcome>({
            kind: "vote",
            votes: part.map(({ i }, member) => ({ member, topic: topicOf(i), payload: { pollId, ...ballotBody(i) } })),
            spreadMs: 0,
            concurrency: part.length,
            deadlineMs: budgetMs,
          }),
        ),
      )),
    );
    voteSeconds += (performance.now() - started) / 1000;
    console.log(
      `[ballot-burst] open sockets ${num(first)}–${num(first + voters.length)}: connected and joined in ${num(connectSeconds, 1)} s (${num(joinFailures)} failed so far), voted in ${num(voteSeconds, 2)} s (so far)`,
    );
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    serverCpuSeconds += cpuSeconds(server.pid) - cpuBefore;
    await Promise.all(clients.map((client) => client.ask({ kind: "close" })));
  }
  return { outcomes, voteSeconds, connectSeconds, serverCpuSeconds, joinFailures, joinErrors: joinErrors.slice(0, 5) };
}

async function burst(
  context: BenchContext,
  server: IpcChild,
  seeded: Seeded,
  database: DatabaseKind,
  path: BurstResult["path"],
  concurrency: number,
  budgetMs: number,
): Promise<BurstResult> {
  const n = seeded.tokens.length;
  const pollId = seeded.pollIds[PATHS.findIndex(([name]) => name === path)]!;
  const clients = await Promise.all(
    Array.from({ length: LOAD_PROCESSES }, () =>
      IpcChild.start(context.children, new URL(path === "http" ? "./clients/http-voters.ts" : "./clients/crowd.ts", import.meta.url)),
    ),
  );
  let open: OpenSockets | undefined;
  const url = `http://127.0.0.1:${server.ready.port}`;
  const perClient = Math.ceil(concurrency / LOAD_PROCESSES);
  const rss = new RssSampler(server.pid, 100);
  const cpuBefore = cpuSeconds(server.pid);
  const started = performance.now();
  let outcomes: Outcome[];
  if (path === "http") {
    const votes: HttpVote[] = seeded.tokens.map((token, i) => ({ token, pollId, body: ballotBody(i) }));
    outcomes = await Promise.all(
      split(votes, LOAD_PROCESSES).map((part, c) =>
        clients[c]!.ask<Outcome>({
          kind: "vote",
          baseUrl: url,
          votes: part,
          addresses: split(SOURCE_ADDRESSES, LOAD_PROCESSES)[c]!,
          spreadMs: 0,
          concurrency: perClient,
          deadlineMs: budgetMs,
        }),
      ),
    );
  } else if (path === "open") {
    open = await openSockets(clients, server, seeded, url.replace("http", "ws"), pollId, concurrency, budgetMs);
    outcomes = open.outcomes;
  } else {
    const topicOf = (i: number) => `event:${seeded.eventId}:participant:${seeded.participantIds[i]}`;
    const sessions: Session[] = seeded.tokens.map((token, i) => ({
      authToken: `participant:${token}`,
      topic: topicOf(i),
      payload: { pollId, ...ballotBody(i) },
    }));
    outcomes = await Promise.all(
      split(sessions, LOAD_PROCESSES).map((part, c) =>
        clients[c]!.ask<Outcome>({
          kind: "sessions",
          url: url.replace("http", "ws"),
          sessions: part,
          addresses: split(SOURCE_ADDRESSES, LOAD_PROCESSES)[c]!,
          spreadMs: 0,
          concurrency: perClient,
          deadlineMs: budgetMs,
        }),
      ),
    );
  }
  const seconds = open?.voteSeconds ?? (performance.now() - started) / 1000;
  const serverCpu = open?.serverCpuSeconds ?? cpuSeconds(server.pid) - cpuBefore;
  rss.close();
  await Promise.all(clients.map((c) => c.stop()));
  const tally = await server.ask<TallyCheck>({ kind: "tally", pollId });
  const ack = merged(outcomes, (o) => o.latency);
  const session = merged(outcomes, (o) => o.sessionLatency);
  const accepted = outcomes.reduce((sum, o) => sum + o.ok, 0);
  return {
    database,
    path,
    n,
    concurrency,
    seconds,
    ballotsPerSecond: accepted / seconds,
    ackMs: { p50: ack.quantile(0.5), p99: ack.quantile(0.99), max: ack.quantile(1) },
    ...(path === "websocket" ? { sessionMs: { p50: session.quantile(0.5), p99: session.quantile(0.99) } } : {}),
    ...(open ? { sessionCpuMs: (serverCpu * 1000) / n, connectSeconds: open.connectSeconds } : {}),
    attempted: outcomes.reduce((sum, o) => sum + o.attempted, 0),
    accepted,
    refused: outcomes.reduce((sum, o) => sum + o.failed, 0),
    errors: [...(open?.joinErrors ?? []), ...outcomes.flatMap((o) => o.errors)].slice(0, 5),
    stored: tally.turnout,
    tallyMatches: tallyMatches(addChoices(outcomes.map((o) => o.acceptedChoices)), tally),
    serverCpuSeconds: serverCpu,
    clientCpuSeconds: outcomes.reduce((sum, o) => sum + o.cpuSeconds, 0),
    serverPeakRssMb: Math.max(...rss.samples.map((s) => s.rss)) / 2 ** 20,
    setupSeconds: seeded.seconds,
    loadAfter: loadavg()[0]!,
  };
}

export function burstTable(results: readonly BurstResult[]): string {
  return table([
    [
      "database",
      "path",
      "N",
      "sent",
      "conc.",
      "time s",
      "ballots/s",
      "ack p50 ms",
      "ack p99 ms",
      "stored",
      "tally",
      "srv CPU s",
      "srv CPU/voter ms",
      "client CPU s",
      "srv RSS MB",
      "load",
      `< ${GOAL_SECONDS} s`,
    ],
    ...results.map((r) => [
      r.database,
      r.path,
      num(r.n),
      num(r.attempted),
      num(r.concurrency),
      r.attempted < r.n ? `${num(r.seconds, 1)} (N: ~${num(r.n / r.ballotsPerSecond)})` : num(r.seconds, 2),
      num(r.ballotsPerSecond),
      num(r.ackMs.p50, 1),
      num(r.ackMs.p99, 1),
      num(r.stored),
      r.tallyMatches ? "ok" : "MISMATCH",
      num(r.serverCpuSeconds, 1),
      num(r.sessionCpuMs ?? (r.path === "websocket" ? (r.serverCpuSeconds * 1000) / r.attempted : Number.NaN), 2),
      num(r.clientCpuSeconds, 1),
      num(r.serverPeakRssMb),
      num(r.loadAfter, 1),
      r.seconds < GOAL_SECONDS && r.stored === r.n && r.accepted === r.n && r.tallyMatches ? "yes" : "no",
    ]),
  ]);
}

export async function ballotBurst(context: BenchContext): Promise<BurstResult[]> {
  const n = Number(process.env["BURST_N"] ?? (context.quick ? 100 : 20_000));
  // Bounded: a path slower than this is reported for the ballots it got through.
  const budgetMs = (context.quick ? 15 : 60) * 1000;
  const results: BurstResult[] = [];
  for (const database of databases()) {
    const db = await freshDatabase(database);
    let server: IpcChild | undefined;
    try {
      server = await IpcChild.start(context.children, new URL("./app-server.ts", import.meta.url), db.env, context.serverNodeArgs);
      const seeded = await server.ask<Seeded>({ kind: "seed", request: { participants: n, polls: PATHS.length, openPolls: true } });
      console.log(
        `[ballot-burst] ${database}: ${num(n)} participants in ${num(seeded.seconds.participants, 1)} s, links in ${num(seeded.seconds.invitations, 1)} s`,
      );
      for (const [path, concurrency] of paths()) {
        const result = await burst(context, server, seeded, database, path, concurrency, budgetMs);
        console.log(
          `[ballot-burst] ${database} ${path}: ${num(result.accepted)} of ${num(result.attempted)} sent accepted in ${num(result.seconds, 2)} s, stored ${num(result.stored)}${result.errors.length ? `, errors: ${result.errors.join(" | ")}` : ""}`,
        );
        results.push(result);
      }
    } finally {
      await server?.stop();
      await db.destroy();
    }
  }
  console.log(`\nBallot burst (${context.quick ? "quick" : "full"})\n${burstTable(results)}\n`);
  writeJson(context, "assembly-ballot-burst", { when: new Date().toISOString(), quick: context.quick, results });
  return results;
}

runIfMain(import.meta.url, ballotBurst);
