import { loadavg } from "node:os";
import { Histogram } from "../../lib/histogram.ts";
import { cpuSeconds } from "../../lib/proc-stats.ts";
import { RssSampler, type RssSample } from "../../lib/rss-sampler.ts";
import type { ChairsReport, Member, Outcome, Vote } from "../clients/commands.ts";
import { addChoices, ballotBody, tallyMatches } from "./choices.ts";
import { SOURCE_ADDRESSES, type BenchContext } from "./context.ts";
import { freshDatabase } from "./databases.ts";
import { IpcChild } from "./ipc-child.ts";
import type { Seeded } from "./seed.ts";
import type { TallyCheck } from "./server-protocol.ts";
import { split } from "./split.ts";

const CROWD_PROCESSES = 2;
/** The naive server is stopped here, before the OOM killer would stop it (the machine is shared). */
const RSS_CAP_BYTES = 3 * 2 ** 30;

export type Design = "naive" | "plenum";

export interface StormOptions {
  readonly design: Design;
  readonly participants: number;
  readonly joinSeconds: number;
  readonly chairs: number;
  /** Kept running after the joins (and after the vote), so throttled notifications and RSS settle. */
  readonly settleSeconds: number;
  /** After the joins (Plenum only): all participants vote on one poll, spread over this many seconds. */
  readonly voteSeconds?: number;
}

export interface VotePhase {
  readonly seconds: number;
  readonly accepted: number;
  readonly failed: number;
  readonly errors: readonly string[];
  readonly stored: number;
  readonly tallyMatches: boolean;
  readonly ackMs: { readonly p50: number; readonly p99: number };
}

export interface StormResult {
  readonly options: StormOptions;
  readonly joined: number;
  readonly joinFailures: number;
  readonly joinErrors: readonly string[];
  readonly joinWallSeconds: number;
  /** Server RSS, t in seconds since the joins began. */
  readonly rss: readonly RssSample[];
  readonly peakRssMb: number;
  readonly finalRssMb: number;
  /** When the naive server was stopped at the RSS cap (seconds since the joins began). */
  readonly cappedAt: number | null;
  readonly chairs: ChairsReport;
  readonly serverCpuSeconds: number;
  readonly crowdCpuSeconds: number;
  readonly vote: VotePhase | null;
  /** 1-minute load average at the end (2 shared cores). */
  readonly loadAfter: number;
}

interface Target {
  readonly server: IpcChild;
  readonly members: Member[];
  readonly chairs: { readonly authToken?: string; readonly topic: string; readonly fetchPath?: string; readonly fetchToken?: string };
  readonly seeded?: Seeded;
  close(): Promise<void>;
}

async function plenumTarget(context: BenchContext, options: StormOptions): Promise<Target> {
  const db = await freshDatabase("sqlite");
  const server = await IpcChild.start(context.children, new URL("../app-server.ts", import.meta.url), db.env, context.serverNodeArgs);
  const seeded = await server.ask<Seeded>({ kind: "seed", request: { participants: options.participants, polls: 1, openPolls: false } });
  const event = `event:${seeded.eventId}`;
  return {
    server,
    seeded,
    members: seeded.tokens.map((token, i) => ({
      authToken: `participant:${token}`,
      topics: [event, `${event}:participant:${seeded.participantIds[i]}`],
    })),
    chairs: {
      authToken: `admin:${seeded.adminToken}`,
      topic: `${event}:admin`,
      fetchPath: `/api/events/${seeded.eventId}/participants?limit=50`,
      fetchToken: seeded.adminToken,
    },
    async close() {
      await server.stop();
      await db.destroy();
    },
  };
}

async function naiveTarget(context: BenchContext, options: StormOptions): Promise<Target> {
  const server = await IpcChild.start(
    context.children,
    new URL("../naive-server.ts", import.meta.url),
    { NAIVE_PARTICIPANTS: String(options.participants) },
    context.serverNodeArgs,
  );
  return {
    server,
    members: Array.from({ length: options.participants }, (_, i) => ({ params: { pid: String(i) }, topics: ["event:1"] })),
    chairs: { topic: "event:1:admin" },
    close: () => server.stop(),
  };
}

async function openPoll(port: number, seeded: Seeded): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/api/events/${seeded.eventId}/polls/${seeded.pollIds[0]}/open`, {
    method: "POST",
    headers: { authorization: `Bearer ${seeded.adminToken}` },
  });
  if (!response.ok) throw new Error(`opening the poll: HTTP ${response.status} ${await response.text()}`);
}

/**
 * A login storm's shape: `participants` sockets join one event spread
 * over `joinSeconds` while `chairs` consoles watch the admin topic; the
 * server runs in its own process (RSS sampled from /proc), chairs in one
 * load process, participants in two, spread over 127.0.0.x.
 */
export async function joinStorm(context: BenchContext, options: StormOptions): Promise<StormResult> {
  const target = await (options.design === "plenum" ? plenumTarget : naiveTarget)(context, options);
  try {
    const url = `ws://127.0.0.1:${target.server.ready.port}`;
    const chairs = await IpcChild.start(context.children, new URL("../clients/chairs.ts", import.meta.url));
    const crowds = await Promise.all(
      Array.from({ length: CROWD_PROCESSES }, () => IpcChild.start(context.children, new URL("../clients/crowd.ts", import.meta.url))),
    );
    await chairs.ask({ kind: "start", url, chairs: options.chairs, ...target.chairs });

    const rss = new RssSampler(target.server.pid, 250);
    let cappedAt: number | null = null;
    const guard = setInterval(() => {
      const last = rss.samples.at(-1);
      if (cappedAt === null && last && last.rss > RSS_CAP_BYTES) {
        cappedAt = last.t;
        void target.server.stop();
      }
    }, 250).unref();
    const cpuBefore = cpuSeconds(target.server.pid);
    let serverCpu = 0;
    const started = performance.now();
    const memberParts = split(target.members, CROWD_PROCESSES);
    const joins = await Promise.all(
      memberParts.map((members, c) =>
        crowds[c]!.ask<Outcome>({
          kind: "join",
          url,
          members,
          addresses: split(SOURCE_ADDRESSES, CROWD_PROCESSES)[c]!,
          spreadMs: options.joinSeconds * 1000,
          concurrency: members.length,
        }),
      ),
    );
    const joinWallSeconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, options.settleSeconds * 1000));

    let vote: VotePhase | null = null;
    if (options.voteSeconds !== undefined && target.seeded && cappedAt === null) {
      const seeded = target.seeded;
      await openPoll(target.server.ready.port!, seeded);
      const pollId = seeded.pollIds[0]!;
      const voteStarted = performance.now();
      const outcomes = await Promise.all(
        memberParts.map((members, c) => {
          const votes: Vote[] = members.map((member, m) => ({
            member: m,
            topic: member.topics[1]!,
            payload: { pollId, ...ballotBody(m * CROWD_PROCESSES + c) },
          }));
          return crowds[c]!.ask<Outcome>({ kind: "vote", votes, spreadMs: options.voteSeconds! * 1000, concurrency: votes.length });
        }),
      );
      const seconds = (performance.now() - voteStarted) / 1000;
      const tally = await target.server.ask<TallyCheck>({ kind: "tally", pollId });
      const ack = new Histogram();
      for (const outcome of outcomes) ack.merge(outcome.latency);
      vote = {
        seconds,
        accepted: outcomes.reduce((s, o) => s + o.ok, 0),
        failed: outcomes.reduce((s, o) => s + o.failed, 0),
        errors: outcomes.flatMap((o) => o.errors).slice(0, 5),
        stored: tally.turnout,
        tallyMatches: tallyMatches(addChoices(outcomes.map((o) => o.acceptedChoices)), tally),
        ackMs: { p50: ack.quantile(0.5), p99: ack.quantile(0.99) },
      };
      await new Promise((resolve) => setTimeout(resolve, options.settleSeconds * 1000));
    }
    if (cappedAt === null) serverCpu = cpuSeconds(target.server.pid) - cpuBefore;
    clearInterval(guard);
    rss.close();
    const chairsReport = await chairs.ask<ChairsReport>({ kind: "stop" });
    const crowdCpu = joins.reduce((s, o) => s + o.cpuSeconds, 0);
    await Promise.all([chairs.stop(), ...crowds.map((c) => c.stop())]);
    const rssMb = rss.samples.map((s) => s.rss / 2 ** 20);
    return {
      options,
      joined: joins.reduce((s, o) => s + o.ok, 0),
      joinFailures: joins.reduce((s, o) => s + o.failed, 0),
      joinErrors: joins.flatMap((o) => o.errors).slice(0, 5),
      joinWallSeconds,
      rss: rss.samples,
      peakRssMb: Math.max(...rssMb),
      finalRssMb: rssMb.at(-1) ?? Number.NaN,
      cappedAt,
      chairs: chairsReport,
      serverCpuSeconds: serverCpu,
      crowdCpuSeconds: crowdCpu,
      vote,
      loadAfter: loadavg()[0]!,
    };
  } finally {
    await target.close();
  }
}
