/**
 * The convention rehearsal: the day of an assembly played against the real
 * app, clustered — 3 node processes on PostgreSQL and a private Redis,
 * participants and the organisers' screens in their own load processes on
 * 127.0.0.x source addresses.
 *   1. ramp: N imported participants open their links (a peak within it),
 *      each keeping a socket as the web client does; chairs on consoles,
 *      projectors and dashboards are up throughout;
 *   2. poll 1: everyone votes within 60 s over their socket;
 *   3. poll 2: the node running the dashboard tree is SIGKILLed mid-vote;
 *   4. poll 3: Redis is killed mid-vote and restarted after an outage.
 * Per phase: RSS and CPU per node, ack latency, what each chair receives,
 * reconnect times, lost and duplicated ballots (stored vs acknowledged).
 *
 *   npm run bench -- --suites=rehearsal [--quick] [--docs]
 *   npx tsx bench/rehearsal/run.ts [--quick] [--docs]
 *
 * Quick: 1,000 participants (≈ 4 min); full: 20,000 (≈ 20 min if the
 * machine keeps up). Stops by itself at a hard time cap; every process it
 * started, its Redis and its schema are removed however it ends.
 */
import { execFileSync } from "node:child_process";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Topics } from "../../apps/assembly/src/api/topics.ts";
import { addChoices } from "../assembly/lib/choices.ts";
import type { BenchContext } from "../assembly/lib/context.ts";
import { IpcChild } from "../assembly/lib/ipc-child.ts";
import type { Seeded } from "../assembly/lib/seed.ts";
import type { TallyCheck } from "../assembly/lib/server-protocol.ts";
import { split } from "../assembly/lib/split.ts";
import { Children } from "../lib/children.ts";
import { Histogram } from "../lib/histogram.ts";
import { accountBallots, busiestWindow, rampSchedule, type Phase } from "./accounting.ts";
import { RehearsalCluster } from "./cluster.ts";
import { expectOk, httpJson } from "./http.ts";
import type { ChairsReport, Member, OpenOutcome, ParticipantsStatus, VoteOutcome } from "./protocol.ts";
import { writeReport, type FaultFigures, type PollFigures, type RehearsalResult } from "./report.ts";
import { SIZES } from "./sizes.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    docs: { type: "boolean", default: false },
    out: { type: "string", default: fileURLToPath(new URL("../results", import.meta.url)) },
  },
});
const mode = values.quick ? "quick" : "full";
const sizes = SIZES[mode];
const NAMES = ["n1", "n2", "n3"];
/** 250 source addresses: the token exchange is limited per client address, as it would be per phone. */
const ADDRESSES = Array.from({ length: 250 }, (_, i) => `127.0.0.${i + 1}`);
const started = Date.now();
const elapsed = (): number => (Date.now() - started) / 1000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const log = (text: string): void => console.log(`[rehearsal +${elapsed().toFixed(1)}s] ${text}`);

const children = new Children();
const context: BenchContext = {
  quick: values.quick,
  children,
  outDir: values.out,
  docsImgDir: values.docs ? fileURLToPath(new URL("../../docs/img", import.meta.url)) : undefined,
  serverNodeArgs: [],
};
const revision = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
const result: RehearsalResult = {
  mode,
  sizes,
  revision,
  startedAt: new Date(started).toISOString(),
  machine: {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadBefore: loadavg(),
  },
  phases: [],
  phaseLoad: [],
  open: undefined,
  polls: [],
  nodeKill: undefined,
  redisRestart: undefined,
  nodeSamples: [],
  chairSeconds: [],
  patchGapsMs: {},
  readySeconds: [],
  stoppedBy: "end",
};

let cluster: RehearsalCluster | undefined;
let viewers: IpcChild | undefined;
let crowd: IpcChild[] = [];
let current = "setup";
let finishing: Promise<void> | undefined;

/** Saves what was measured (all of it, or up to where the run stopped), then removes every process, the Redis and the schema. */
function finish(stoppedBy: RehearsalResult["stoppedBy"]): Promise<void> {
  finishing ??= (async () => {
    result.stoppedBy = stoppedBy;
    result.machine.loadAfter = loadavg();
    result.nodeSamples = cluster?.samples ?? [];
    // Bounded: a starved or stuck viewers process must not keep the clean-up from running.
    const chairs = await Promise.race([
      viewers?.ask<ChairsReport>({ kind: "chairs" }).catch(() => undefined),
      sleep(10_000).then(() => undefined),
    ]);
    result.chairSeconds = chairs?.seconds ?? [];
    result.patchGapsMs = chairs?.gapsMs ?? {};
    children.killAll();
    await cluster?.close().catch((error: unknown) => log(`clean-up: ${String(error)}`));
    writeReport(context, result, log);
  })();
  return finishing;
}

process.on("exit", () => {
  children.killAll();
  cluster?.killNow();
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void finish("signal").finally(() => process.exit(130)));
setTimeout(() => {
  log(`hard time cap of ${sizes.capMinutes} min reached during ${current}: stopping`);
  void finish(`time cap during ${current}`).finally(() => process.exit(2));
}, sizes.capMinutes * 60_000).unref();

async function phase<T>(name: string, body: () => Promise<T>): Promise<T> {
  current = name;
  const from = elapsed();
  log(`phase ${name}`);
  try {
    return await body();
  } finally {
    result.phases.push({ name, from, to: elapsed() } satisfies Phase);
    result.phaseLoad.push(loadavg()[0]!);
  }
}

/** Polls `probe` every 200 ms until it returns a value, or undefined after `timeoutMs`. */
async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await sleep(200);
  }
}

async function main(): Promise<void> {
  log(
    `${mode}: ${sizes.participants} participants, ${sizes.chairs} chairs, ${sizes.projectors} projectors, ${sizes.dashboards} dashboards`,
  );
  cluster = await RehearsalCluster.start(children, NAMES, started);
  const c = cluster;
  const seeded = await c.nodes[0]!.ask<Seeded>({ kind: "seed", request: { participants: sizes.participants, polls: 3, openPolls: false } });
  log(
    `imported ${seeded.participantIds.length} participants and their links in ${(seeded.seconds.participants + seeded.seconds.invitations).toFixed(1)} s`,
  );
  const chairAction = async (action: "open" | "close" | "publish", pollId: string): Promise<void> => {
    const node = c.liveUrls()[0]!;
    expectOk(
      `${action} poll`,
      // A chair waits for the answer: closing counts every sealed ballot, which takes long on a starved node.
      await httpJson(`${node}/api/events/${seeded.eventId}/polls/${pollId}/${action}`, {
        method: "POST",
        bearer: seeded.adminToken,
        timeoutMs: 120_000,
      }),
    );
  };

  viewers = await IpcChild.start(children, new URL("./viewers.ts", import.meta.url));
  await viewers.ask({
    kind: "start",
    eventId: seeded.eventId,
    nodes: c.liveUrls(),
    adminToken: seeded.adminToken,
    chairs: sizes.chairs,
    projectors: sizes.projectors,
    dashboards: sizes.dashboards,
    addresses: ADDRESSES,
  });
  crowd = await Promise.all(
    Array.from({ length: sizes.participantProcesses }, () => IpcChild.start(children, new URL("./participants.ts", import.meta.url))),
  );
  const everyone = (): Promise<ParticipantsStatus[]> =>
    Promise.all(crowd.map((p) => p.ask<ParticipantsStatus>({ kind: "status", since: Number.MAX_SAFE_INTEGER })));
  const readyTimer = setInterval(() => {
    void everyone().then(
      (all) => result.readySeconds.push({ t: elapsed(), ready: all.reduce((s, x) => s + x.ready, 0) }),
      () => {},
    );
  }, 1_000).unref();
  const upstreams = (nodes: readonly string[]) => Promise.all([viewers!, ...crowd].map((p) => p.ask({ kind: "upstreams", nodes })));

  await phase("1 ramp", async () => {
    const offsets = rampSchedule(sizes);
    log(`links open over ${sizes.seconds} s, busiest 10 s: ${busiestWindow(offsets, 10)}`);
    const members: Member[] = seeded.tokens.map((token, index) => ({ index, token, participantId: seeded.participantIds[index]! }));
    const parts = split(
      members.map((member, i) => ({ member, offset: offsets[i]! })),
      crowd.length,
    );
    const outcomes = await Promise.all(
      crowd.map((p, i) =>
        p.ask<OpenOutcome>({
          kind: "open",
          eventId: seeded.eventId,
          nodes: c.liveUrls(),
          members: parts[i]!.map((x) => x.member),
          offsetsMs: parts[i]!.map((x) => x.offset),
          addresses: ADDRESSES,
        }),
      ),
    );
    const ready = new Histogram();
    for (const o of outcomes) ready.merge(o.readyMs);
    result.open = {
      opened: outcomes.reduce((s, o) => s + o.opened, 0),
      failed: outcomes.reduce((s, o) => s + o.failed, 0),
      joinedLate: outcomes.reduce((s, o) => s + o.joinedLate, 0),
      errors: outcomes.flatMap((o) => o.errors).slice(0, 5),
      readyMs: { p50: ready.quantile(0.5), p95: ready.quantile(0.95), p99: ready.quantile(0.99), max: ready.quantile(1) },
      busiest10s: busiestWindow(offsets, 10),
    };
    log(
      `${result.open.opened} participants ready, ${result.open.failed} failed (${result.open.joinedLate} of them joined later) ${result.open.errors.join(" | ")}`,
    );
    await sleep(sizes.settleSeconds * 1000);
  });

  /** One poll: opened by a chair, everyone votes (with `fault` meanwhile), closed and published, checked against the database. */
  const poll = async (index: number, fault?: (openedAt: number, pollId: string) => Promise<void>): Promise<PollFigures> => {
    const pollId = seeded.pollIds[index]!;
    await chairAction("open", pollId);
    const openedAt = Date.now();
    const voting = Promise.all(
      crowd.map((p) =>
        p.ask<VoteOutcome>({
          kind: "vote",
          pollId,
          windowMs: sizes.voteWindowSeconds * 1000,
          deadlineMs: sizes.voteGoalSeconds * 2000,
        }),
      ),
    );
    await fault?.(openedAt, pollId);
    const outcomes = await voting;
    await chairAction("close", pollId);
    const publishedAt = Date.now();
    await chairAction("publish", pollId);
    const shown =
      (await until(async () => {
        const at = await viewers!.ask<(number | null)[]>({ kind: "published", pollId });
        return at.every((x) => x !== null) ? (at as number[]) : undefined;
      }, 15_000)) ?? [];
    const tally = await c.anyLive().ask<TallyCheck>({ kind: "tally", pollId });
    const ack = new Histogram();
    for (const o of outcomes) ack.merge(o.ackMs);
    const acksPerSecond = addChoices(outcomes.map((o) => o.acksPerSecond));
    const goalSecond = Math.floor(openedAt / 1000) + sizes.voteGoalSeconds;
    const figures: PollFigures = {
      poll: index + 1,
      openedAt,
      account: accountBallots(addChoices(outcomes.map((o) => o.acknowledged)), addChoices(outcomes.map((o) => o.unanswered)), {
        yes: tally.options["yes"] ?? 0,
        no: tally.options["no"] ?? 0,
        abstain: tally.abstentions,
      }),
      withinGoal: Object.entries(acksPerSecond).reduce((s, [second, n]) => s + (Number(second) < goalSecond ? n : 0), 0),
      refused: outcomes.reduce((s, o) => s + o.refused, 0),
      errors: outcomes.flatMap((o) => o.errors).slice(0, 5),
      silences: addChoices(outcomes.map((o) => o.silences)),
      overSocket: outcomes.reduce((s, o) => s + o.overSocket, 0),
      overHttp: outcomes.reduce((s, o) => s + o.overHttp, 0),
      votingSeconds: (Math.max(...outcomes.map((o) => o.lastAckAt)) - openedAt) / 1000,
      ackMs: { p50: ack.quantile(0.5), p95: ack.quantile(0.95), p99: ack.quantile(0.99), max: ack.quantile(1) },
      acksPerSecond,
      projectorMs: shown.map((at) => at - publishedAt),
      projectors: sizes.projectors,
    };
    result.polls.push(figures);
    const a = figures.account;
    log(
      `poll ${index + 1}: ${a.acknowledged} acknowledged (${figures.withinGoal} within ${sizes.voteGoalSeconds} s), stored ${a.stored}, lost ${a.lost}, duplicated ${a.duplicated}, tally ${a.exact ? "exact" : "NOT exact"}; projectors ${figures.projectorMs.join(", ")} ms; unanswered tries ${JSON.stringify(figures.silences)}`,
    );
    return figures;
  };

  await phase("2 poll", () => poll(0));

  await phase("3 poll + node kill", () =>
    poll(1, async () => {
      await sleep((sizes.voteWindowSeconds * 1000) / 3);
      const key = Topics.dashboard(seeded.eventId);
      const owner = await c.treeOwner(key, seeded.adminToken);
      // The node running the dashboard tree, so its failover is what is watched.
      const victim = owner >= 0 ? owner : c.nodes.length - 1;
      const killedAt = Date.now();
      c.kill(victim);
      await upstreams(c.liveUrls());
      log(`SIGKILLed ${NAMES[victim]} (dashboard tree ${owner >= 0 ? "ran there" : "not found on any node"})`);
      const statuses =
        (await until(async () => {
          const all = await Promise.all(crowd.map((p) => p.ask<ParticipantsStatus>({ kind: "status", since: killedAt })));
          return all.every((s) => s.stillDown === 0) && all.some((s) => s.comebacks.length > 0) ? all : undefined;
        }, 90_000)) ?? (await Promise.all(crowd.map((p) => p.ask<ParticipantsStatus>({ kind: "status", since: killedAt }))));
      const comebacks = statuses.flatMap((s) => s.comebacks);
      const dashboards =
        (await until(async () => {
          const at = await viewers!.ask<(number | null)[]>({ kind: "datasets", since: killedAt });
          return at.every((x) => x !== null) ? (at as number[]) : undefined;
        }, 60_000)) ?? [];
      const away = new Histogram();
      const reopen = new Histogram();
      for (const [down, reopened, back] of comebacks) {
        away.record(back - down);
        reopen.record(reopened - down);
      }
      const fault: FaultFigures["nodeKill"] = {
        victim: NAMES[victim]!,
        treeWasThere: owner >= 0,
        reconnected: comebacks.length,
        stillDown: statuses.reduce((s, x) => s + x.stillDown, 0),
        allBackMs: comebacks.length > 0 ? Math.max(...comebacks.map(([, , back]) => back)) - killedAt : Number.NaN,
        awayMs: { p50: away.quantile(0.5), p99: away.quantile(0.99), max: away.quantile(1) },
        reopenMs: { p50: reopen.quantile(0.5), p99: reopen.quantile(0.99), max: reopen.quantile(1) },
        failedAttempts: statuses.reduce((s, x) => s + x.failedAttempts, 0),
        reconnectErrors: statuses.flatMap((x) => x.reconnectErrors).slice(0, 5),
        dashboardsMs: dashboards.map((at) => at - killedAt),
        dashboards: sizes.dashboards,
        treeNow: NAMES[await c.treeOwner(key, seeded.adminToken)] ?? "none",
      };
      result.nodeKill = fault;
      log(
        `node kill: ${fault.reconnected} participants reconnected, all back after ${fault.allBackMs} ms, ${fault.stillDown} still down; dashboards again after ${fault.dashboardsMs.join(", ")} ms, tree now on ${fault.treeNow}`,
      );
    }),
  );

  await phase("4 poll + Redis restart", () =>
    poll(2, async (_openedAt, pollId) => {
      await sleep((sizes.voteWindowSeconds * 1000) / 3);
      const killedAt = Date.now();
      await c.redis.kill();
      log("Redis killed");
      await sleep(sizes.outageSeconds * 1000);
      const storedAtRestart = await c.voted(pollId);
      await c.redis.restart();
      const restartedAt = Date.now();
      log(`Redis back after ${restartedAt - killedAt} ms; ${storedAtRestart} ballots stored so far`);
      const caughtUp = await until(async () => {
        const lowest = await viewers!.ask<number>({ kind: "turnout", pollId });
        return lowest >= storedAtRestart ? Date.now() : undefined;
      }, 30_000);
      result.redisRestart = {
        killedAt,
        restartedAt,
        storedAtRestart,
        catchUpMs: caughtUp === undefined ? Number.NaN : caughtUp - restartedAt,
      };
      log(`live views caught up ${result.redisRestart.catchUpMs} ms after Redis was back`);
    }),
  );
  clearInterval(readyTimer);
  const cpu = (await everyone()).map((s) => s.cpuSeconds.toFixed(0));
  log(`participants' load processes used ${cpu.join(", ")} CPU s`);
}

await main().then(
  () => finish("end"),
  async (error: unknown) => {
    log(`failed during ${current}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await finish(`error during ${current}`);
    process.exitCode = 1;
  },
);
process.exit(process.exitCode ?? 0);
