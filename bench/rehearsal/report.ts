import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeJson, writeSvg, type BenchContext } from "../assembly/lib/context.ts";
import { lineChart, type LineSeries } from "../lib/svg-chart.ts";
import { markdownTable, num, table } from "../lib/table.ts";
import { within, type BallotAccount, type Phase } from "./accounting.ts";
import type { NodeSample } from "./cluster.ts";
import type { ChairSecond, PatchGaps } from "./protocol.ts";
import type { Sizes } from "./sizes.ts";

type Quantiles = { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number };

export interface PollFigures {
  readonly poll: number;
  readonly openedAt: number;
  readonly account: BallotAccount;
  /** Acknowledged within the goal (60 s after the poll opened). */
  readonly withinGoal: number;
  readonly refused: number;
  readonly errors: readonly string[];
  readonly silences: Record<string, number>;
  readonly overSocket: number;
  readonly overHttp: number;
  readonly votingSeconds: number;
  readonly ackMs: Quantiles;
  readonly acksPerSecond: Record<string, number>;
  /** Per projector that showed it: publish request → result on screen. */
  readonly projectorMs: readonly number[];
  readonly projectors: number;
}

export interface FaultFigures {
  readonly nodeKill: {
    readonly victim: string;
    readonly treeWasThere: boolean;
    readonly reconnected: number;
    readonly stillDown: number;
    /** Kill → the last participant's own topic joined again. */
    readonly allBackMs: number;
    readonly awayMs: { readonly p50: number; readonly p99: number; readonly max: number };
    /** Down → socket open again (the rest of the time away is rejoining). */
    readonly reopenMs: { readonly p50: number; readonly p99: number; readonly max: number };
    readonly failedAttempts: number;
    readonly reconnectErrors: readonly string[];
    /** Per dashboard that got one: kill → first dataset after it. */
    readonly dashboardsMs: readonly number[];
    readonly dashboards: number;
    readonly treeNow: string;
  };
  readonly redisRestart: {
    readonly killedAt: number;
    readonly restartedAt: number;
    readonly storedAtRestart: number;
    /** Restart → every chair's and projector's view shows at least what was stored at the restart. */
    readonly catchUpMs: number;
  };
}

export interface RehearsalResult {
  readonly mode: "quick" | "full";
  readonly sizes: Sizes;
  readonly revision: string;
  readonly startedAt: string;
  readonly machine: {
    readonly cores: number;
    readonly cpu: string;
    readonly memoryGiB: number;
    readonly node: string;
    readonly loadBefore: readonly number[];
    loadAfter?: readonly number[];
  };
  readonly phases: Phase[];
  /** The machine's 1-minute load average at the end of each phase (2 cores, shared with other work). */
  readonly phaseLoad: number[];
  open:
    | {
        readonly opened: number;
        readonly failed: number;
        readonly joinedLate: number;
        readonly errors: readonly string[];
        readonly readyMs: Quantiles;
        readonly busiest10s: number;
      }
    | undefined;
  readonly polls: PollFigures[];
  nodeKill: FaultFigures["nodeKill"] | undefined;
  redisRestart: FaultFigures["redisRestart"] | undefined;
  nodeSamples: readonly NodeSample[];
  /** Epoch seconds, as the viewers process counted them. */
  chairSeconds: readonly ChairSecond[];
  patchGapsMs: Readonly<Record<string, PatchGaps>>;
  readonly readySeconds: { t: number; ready: number }[];
  stoppedBy: string;
}

const MB = 2 ** 20;
const nodesOf = (result: RehearsalResult): string[] => [...new Set(result.nodeSamples.map((s) => s.node))].sort();
const ms = (value: number): string => num(value, value < 10 ? 1 : 0);

/** Chairs' seconds on the run's clock (seconds since it began). */
function chairTimeline(result: RehearsalResult): (ChairSecond & { t: number })[] {
  const origin = Date.parse(result.startedAt) / 1000;
  return result.chairSeconds.map((s) => ({ ...s, t: s.t - origin }));
}

/** Cores a node used over the samples given (CPU seconds per wall second). */
function cores(samples: readonly NodeSample[]): number {
  const first = samples[0];
  const last = samples.at(-1);
  return first && last && last.t > first.t ? (last.cpu - first.cpu) / (last.t - first.t) : Number.NaN;
}

function phaseRows(result: RehearsalResult): string[][] {
  const nodes = nodesOf(result);
  const chairs = chairTimeline(result);
  return [
    [
      "phase",
      "s",
      "load",
      `CPU cores ${nodes.join(" / ")}`,
      `peak RSS MB ${nodes.join(" / ")}`,
      "per chair msg/s",
      "per chair kB/s",
      "patches/s max (event / admin view)",
    ],
    ...result.phases.map((phase, i) => {
      const samples = within(result.nodeSamples, phase);
      const perNode = nodes.map((node) => samples.filter((s) => s.node === node));
      const seconds = within(chairs, phase);
      const mean = (pick: (s: ChairSecond) => number): number => seconds.reduce((sum, s) => sum + pick(s), 0) / Math.max(1, seconds.length);
      return [
        phase.name,
        num(phase.to - phase.from),
        num(result.phaseLoad[i] ?? Number.NaN, 1),
        perNode.map((s) => num(cores(s), 2)).join(" / "),
        perNode.map((s) => (s.length ? num(Math.max(...s.map((x) => x.rss)) / MB) : "—")).join(" / "),
        num(
          mean((s) => s.messages),
          1,
        ),
        num(mean((s) => s.bytes) / 1024, 1),
        `${num(Math.max(0, ...seconds.map((s) => s.eventPatchesMax)))} / ${num(Math.max(0, ...seconds.map((s) => s.adminPatchesMax)))}`,
      ];
    }),
  ];
}

function pollRows(result: RehearsalResult): string[][] {
  const n = result.sizes.participants;
  return [
    [
      "poll",
      "acknowledged / N",
      `within ${result.sizes.voteGoalSeconds} s`,
      "socket / HTTP",
      "ack p50 / p95 / p99 / max ms",
      "stored",
      "lost",
      "duplicated",
      "tally",
      "projectors: result shown after ms",
    ],
    ...result.polls.map((p) => [
      String(p.poll),
      `${num(p.account.acknowledged)} / ${num(n)}`,
      num(p.withinGoal),
      `${num(p.overSocket)} / ${num(p.overHttp)}`,
      `${ms(p.ackMs.p50)} / ${ms(p.ackMs.p95)} / ${ms(p.ackMs.p99)} / ${ms(p.ackMs.max)}`,
      num(p.account.stored),
      num(p.account.lost),
      num(p.account.duplicated),
      p.account.exact ? "exact" : "NOT exact",
      `${p.projectorMs.map(ms).join(", ")} (${p.projectorMs.length}/${p.projectors})`,
    ]),
  ];
}

function faultRows(result: RehearsalResult): string[][] {
  const rows = [["fault", "measure", "value"]];
  const kill = result.nodeKill;
  if (kill) {
    rows.push(
      [`SIGKILL ${kill.victim}`, "dashboard tree ran there", kill.treeWasThere ? "yes" : "no"],
      ["", "participants reconnected / still down", `${num(kill.reconnected)} / ${num(kill.stillDown)}`],
      ["", "kill → every participant back (goal 15 s)", `${num(kill.allBackMs / 1000, 1)} s`],
      ["", "time away p50 / p99 / max", `${ms(kill.awayMs.p50)} / ${ms(kill.awayMs.p99)} / ${ms(kill.awayMs.max)} ms`],
      ["", "socket open again p50 / p99 / max", `${ms(kill.reopenMs.p50)} / ${ms(kill.reopenMs.p99)} / ${ms(kill.reopenMs.max)} ms`],
      ["", "failed connection attempts", `${num(kill.failedAttempts)} ${kill.reconnectErrors.join(" | ")}`],
      ["", "dashboards fed again after (ms)", `${kill.dashboardsMs.map(ms).join(", ")} (${kill.dashboardsMs.length}/${kill.dashboards})`],
      ["", "dashboard tree now on", kill.treeNow],
    );
  }
  const redis = result.redisRestart;
  const poll3 = result.polls[2];
  if (redis) {
    const [from, to] = [Math.floor(redis.killedAt / 1000), Math.floor(redis.restartedAt / 1000)];
    const acks = Object.entries(poll3?.acksPerSecond ?? {}).reduce((s, [t, n]) => s + (Number(t) >= from && Number(t) < to ? n : 0), 0);
    rows.push(
      ["Redis restart", "outage", `${num((redis.restartedAt - redis.killedAt) / 1000, 1)} s`],
      ["", "ballots acknowledged during the outage", num(acks)],
      ["", "stored when Redis came back", num(redis.storedAtRestart)],
      ["", "live views caught up after (goal 5 s)", `${num(redis.catchUpMs / 1000, 1)} s`],
    );
  }
  return rows;
}

function goalRows(result: RehearsalResult): string[][] {
  const n = result.sizes.participants;
  const chairs = chairTimeline(result);
  const voting = result.phases.filter((p) => p.name.includes("poll"));
  const patches = Math.max(0, ...voting.flatMap((p) => within(chairs, p)).map((s) => s.eventPatchesMax));
  const adminPatches = Math.max(0, ...voting.flatMap((p) => within(chairs, p)).map((s) => s.adminPatchesMax));
  const yes = (ok: boolean): string => (ok ? "yes" : "NO");
  const kill = result.nodeKill;
  const rows = [
    ["goal", "met"],
    ["every participant's link opened", yes(result.open?.opened === n)],
    ...result.polls.map((p) => [
      `poll ${p.poll}: all ${num(n)} acknowledged within ${result.sizes.voteGoalSeconds} s, stored = acknowledged, tally exact`,
      yes(p.withinGoal === n && p.account.stored === p.account.acknowledged && p.account.exact),
    ]),
    ...result.polls.map((p) => [`poll ${p.poll}: 0 lost, 0 duplicated`, yes(p.account.lost === 0 && p.account.duplicated === 0)]),
    ...result.polls.map((p) => [
      `poll ${p.poll}: every projector shows the result within 1 s of publish`,
      yes(p.projectorMs.length === p.projectors && p.projectorMs.every((x) => x <= 1000)),
    ]),
    ...(["event", "admin"] as const).map((view) => {
      const gap = result.patchGapsMs[view];
      const bucket = view === "event" ? patches : adminPatches;
      return [
        `chairs: ≤ 1 patch/s each on the ${view} view (most in one second ${bucket}; gap min / p1 / p50 ${gap ? `${ms(gap.min)} / ${ms(gap.p1)} / ${ms(gap.p50)}` : "—"} ms; met if p1 ≥ 900 ms)`,
        yes(gap !== undefined && gap.p1 >= 900),
      ];
    }),
  ];
  if (kill)
    rows.push(
      ["node kill: every participant back within 15 s", yes(kill.stillDown === 0 && kill.allBackMs <= 15_000)],
      [
        "node kill: every dashboard fed again (tree failed over)",
        yes(kill.dashboardsMs.length === kill.dashboards && kill.treeNow !== kill.victim),
      ],
    );
  if (result.redisRestart) rows.push(["Redis restart: live views caught up within 5 s", yes(result.redisRestart.catchUpMs <= 5_000)]);
  return rows;
}

function charts(result: RehearsalResult): Record<string, string> {
  const nodes = nodesOf(result);
  const phases = result.phases.map((p) => `${p.name.split(" ")[0]}: ${num(p.from)}–${num(p.to)} s`).join(", ");
  const x = `seconds since the run began (phases ${phases})`;
  const perNode = (value: (samples: NodeSample[], i: number) => number): LineSeries[] =>
    nodes.map((node) => {
      const samples = result.nodeSamples.filter((s) => s.node === node);
      return { name: node, points: samples.map((s, i) => [s.t, value(samples, i)] as const) };
    });
  const title = (what: string): string => `Rehearsal (${result.mode}, ${num(result.sizes.participants)} participants): ${what}`;
  const polls = result.polls.flatMap((p) => {
    const origin = Date.parse(result.startedAt) / 1000;
    return Object.entries(p.acksPerSecond)
      .map(([t, n]) => [Number(t) - origin, n] as const)
      .sort((a, b) => a[0] - b[0]);
  });
  const chairs = chairTimeline(result);
  return {
    rss: lineChart({ title: title("RSS per node"), xLabel: x, yLabel: "RSS (MB)", series: perNode((s, i) => s[i]!.rss / MB) }),
    cpu: lineChart({
      title: title("CPU per node"),
      xLabel: x,
      yLabel: "cores (CPU s per s)",
      series: perNode((s, i) => (i === 0 ? 0 : (s[i]!.cpu - s[i - 1]!.cpu) / (s[i]!.t - s[i - 1]!.t))),
    }),
    participants: lineChart({
      title: title("participants able to vote (own topic joined)"),
      xLabel: x,
      yLabel: "participants",
      series: [{ name: "ready", points: result.readySeconds.map((s) => [s.t, s.ready] as const) }],
    }),
    acks: lineChart({
      title: title("ballots acknowledged per second"),
      xLabel: x,
      yLabel: "acks / s",
      series: [{ name: "acks", points: polls }],
    }),
    chairs: lineChart({
      title: title("what each chair receives"),
      xLabel: x,
      yLabel: "kB / s per chair",
      series: [{ name: "kB/s", points: chairs.map((s) => [s.t, s.bytes / 1024] as const) }],
    }),
  };
}

/** Prints the tables, writes JSON + Markdown to the results and the plots (to docs/img with --docs). */
export function writeReport(context: BenchContext, result: RehearsalResult, log: (text: string) => void): void {
  const sections: [string, string[][]][] = [
    ["Per phase", phaseRows(result)],
    ["Votes", pollRows(result)],
    ["Faults", faultRows(result)],
    ["Goals", goalRows(result)],
  ];
  const m = result.machine;
  const header = [
    `Rehearsal (${result.mode}) at ${result.revision}, started ${result.startedAt}, stopped by: ${result.stoppedBy}`,
    `machine: ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}; load average before ${m.loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${(m.loadAfter ?? []).map((l) => l.toFixed(2)).join(" ")}`,
    `phases: ${result.phases.map((p) => `${p.name} ${num(p.from)}–${num(p.to)} s`).join("; ")}`,
    ...(result.open
      ? [
          `links: ${num(result.open.opened)} opened, ${num(result.open.failed)} failed (${num(result.open.joinedLate)} of them joined later; busiest 10 s: ${num(result.open.busiest10s)}); link → own topic joined p50 ${ms(result.open.readyMs.p50)} / p95 ${ms(result.open.readyMs.p95)} / p99 ${ms(result.open.readyMs.p99)} / max ${ms(result.open.readyMs.max)} ms${result.open.errors.length ? `; first errors: ${result.open.errors.join(" | ")}` : ""}`,
        ]
      : []),
    ...result.polls.filter((p) => p.errors.length).map((p) => `poll ${p.poll} refusals (${p.refused}): ${p.errors.join(" | ")}`),
    ...result.polls
      .filter((p) => Object.keys(p.silences).length)
      .map((p) => `poll ${p.poll} tries that got no answer (then HTTP, or a tap again): ${JSON.stringify(p.silences)}`),
  ];
  console.log(`\n${header.join("\n")}`);
  for (const [title, rows] of sections) if (rows.length > 1) console.log(`\n## ${title}\n${table(rows)}`);
  const name = `rehearsal-${result.mode}`;
  const json = writeJson(context, name, result);
  writeFileSync(
    join(context.outDir, `${name}.md`),
    `${header.join("\n\n")}\n\n${sections
      .filter(([, rows]) => rows.length > 1)
      .map(([title, rows]) => `### ${title}\n\n${markdownTable(rows)}\n`)
      .join("\n")}`,
  );
  const plots = Object.entries(charts(result)).flatMap(([chart, svg]) => writeSvg(context, `${name}-${chart}`, svg));
  log(`results: ${json}, ${join(context.outDir, `${name}.md`)}; plots: ${plots.join(", ")}`);
}
