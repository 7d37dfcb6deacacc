import { barChart, lineChart } from "./svg-chart.ts";
import { num } from "./table.ts";
import { peerScripts } from "./servers.ts";
import type { PeerName } from "../clients/messages.ts";
import type { MemoryResult } from "../scenarios/memory.ts";
import type { CurveResult } from "../scenarios/curve.ts";
import type { SlowResult, SlowVariant } from "../scenarios/slow-consumers.ts";
import type { RecoveryVariant } from "../scenarios/recovery.ts";

/** Everything one run measured, as written to bench/results/*.json. */
export interface RunResult {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly mode: "quick" | "full";
  readonly machine: Record<string, string | number>;
  readonly memory: readonly MemoryResult[];
  readonly curves: readonly CurveResult[];
  /** Slow consumers, Plenum only; absent when the scenario did not run. */
  readonly slow?: SlowResult;
  /** Recovery, Plenum only, history on and off; absent when the scenario did not run. */
  readonly recovery?: readonly RecoveryVariant[];
}

const label = (peer: PeerName): string => peerScripts[peer].label;
const kb = (bytes: number): number => bytes / 1024;
const mb = (bytes: number): number => bytes / 1024 / 1024;

export type Rows = string[][];

export function memoryRows(results: readonly MemoryResult[]): Rows {
  return [
    ["server", "sockets", "failed", "connect s", "RSS before MB", "RSS after MB", "KB / socket"],
    ...results.map((r) => [
      label(r.peer),
      num(r.sockets),
      num(r.failed),
      num(r.connectSeconds, 1),
      num(mb(r.baselineRss), 1),
      num(mb(r.loadedRss), 1),
      num(kb(r.bytesPerSocket), 1),
    ]),
  ];
}

export function fanoutRows(curves: readonly CurveResult[]): Rows {
  return [
    [
      "server",
      "subscribers",
      "1-msg p50 ms",
      "1-msg p99 ms",
      "server fan-out ms",
      "stream msgs",
      "stream frames/s",
      "stream p50 ms",
      "stream p99 ms",
      "delivered",
      "server CPU s",
      "server µs/frame",
      "client CPU s",
      "peak RSS MB",
      "closed",
    ],
    ...curves.flatMap((c) =>
      c.fanout.map((p) => [
        label(c.peer),
        num(p.subscribers),
        num(p.single.p50, 1),
        num(p.single.p99, 1),
        num(p.single.serverFanoutMs ?? Number.NaN, 1),
        num(p.stream.messages),
        num(p.stream.framesPerSecond),
        num(p.stream.p50),
        num(p.stream.p99),
        `${num((100 * p.stream.delivered) / Math.max(p.stream.expected, 1), 1)}%`,
        num(p.stream.serverCpuSeconds, 1),
        num((p.stream.serverCpuSeconds * 1e6) / Math.max(p.stream.delivered, 1), 1),
        num(p.stream.clientCpuSeconds, 1),
        num(mb(p.stream.peakRss)),
        num(p.stream.dropped),
      ]),
    ),
  ];
}

export function roundtripRows(curves: readonly CurveResult[]): Rows {
  return [
    [
      "server",
      "sockets",
      "in flight / socket",
      "round trips/s",
      "p50 ms",
      "p99 ms",
      "server CPU s",
      "server µs/round trip",
      "client CPU s",
    ],
    ...curves.flatMap((c) =>
      c.roundtrips
        ? [c.roundtrips.single, c.roundtrips.many].map((f) => [
            label(c.peer),
            num(f.sockets),
            num(f.inFlightPerSocket),
            num(f.perSecond),
            num(f.p50, 2),
            num(f.p99, 2),
            num(f.serverCpuSeconds, 1),
            num((f.serverCpuSeconds * 1e6) / Math.max(f.completed, 1), 1),
            num(f.clientCpuSeconds, 1),
          ])
        : [],
    ),
  ];
}

export function slowRows(slow: SlowResult | undefined): Rows {
  if (!slow) return [];
  return [
    [
      "run",
      "subscribers",
      "slow",
      "msg/s",
      "msgs",
      "fast p50 ms",
      "fast p99 ms",
      "fast max ms",
      "fast lost",
      "fast closed",
      "RSS start MB",
      "peak RSS MB",
      "peak queue MB",
      "peak kernel MB",
      "slow closed",
      "1st close s",
      "last close s",
      "coalesced",
      "server CPU s",
      "client CPU s",
    ],
    ...slow.variants.map((v) => [
      v.name,
      num(v.subscribers),
      num(v.slowSockets),
      num(v.rate),
      num(v.messages),
      num(v.fast.p50, 1),
      num(v.fast.p99, 1),
      num(v.fast.max, 1),
      num(v.fast.expected - v.fast.delivered),
      num(v.fast.closed),
      num(mb(v.rssAtStart), 1),
      num(mb(v.peakRss), 1),
      num(mb(v.peakQueueBytes), 2),
      num(mb(v.peakKernelBytes), 1),
      num(v.closes),
      num(v.firstCloseAfterS ?? Number.NaN, 1),
      num(v.lastCloseAfterS ?? Number.NaN, 1),
      num(v.coalesced),
      num(v.serverCpuSeconds, 1),
      num(v.clientCpuSeconds, 1),
    ]),
  ];
}

/** "Unaffected" latency: within 25 % or 5 ms of the baseline, whichever is larger (one sample on a shared machine). */
const unaffected = (ms: number, baselineMs: number): boolean => ms <= Math.max(baselineMs * 1.25, baselineMs + 5);

function slowGoalRows(slow: SlowResult | undefined): Rows {
  const variant = (name: SlowVariant["name"]) => slow?.variants.find((v) => v.name === name);
  const rows: Rows = [];
  const pressure = variant("pressure");
  const coalesced = variant("pressure + coalesce");
  if (pressure)
    rows.push([
      `slow consumers under pressure: the server closes every slow socket (${num(pressure.slowSockets)} of ${num(pressure.subscribers)})`,
      `${num(pressure.closes)} closed, ${num(pressure.firstCloseAfterS ?? Number.NaN, 1)} s after they stopped reading`,
      pressure.closes >= pressure.slowSockets && pressure.fast.closed === 0 ? "yes" : "NO",
    ]);
  if (coalesced)
    rows.push([
      "slow consumers under pressure, coalesce key: coalesced, none closed",
      `${num(coalesced.coalesced)} coalesced, ${num(coalesced.closes)} closed`,
      coalesced.coalesced > 0 && coalesced.closes === 0 ? "yes" : "NO",
    ]);
  const baseline = variant("baseline");
  const withSlow = variant("slow");
  if (!baseline || !withSlow) return rows;
  const lost = withSlow.fast.expected - withSlow.fast.delivered;
  const share = `${num(withSlow.slowSockets)} of ${num(withSlow.subscribers)} stop reading`;
  return [
    ...rows,
    [
      `slow consumers: fast subscribers lose nothing, none closed (${share})`,
      `${num(lost)} lost, ${num(withSlow.fast.closed)} closed`,
      lost === 0 && withSlow.fast.closed === 0 ? "yes" : "NO",
    ],
    [
      "slow consumers: fast p99 unaffected (≤ baseline + max(25 %, 5 ms))",
      `${num(withSlow.fast.p99, 1)} ms vs ${num(baseline.fast.p99, 1)} ms`,
      unaffected(withSlow.fast.p99, baseline.fast.p99) ? "yes" : "NO",
    ],
  ];
}

/**
 * The issue's goals for Plenum, read off this run: ≤ 16 KB per idle socket;
 * one-message fan-out p99 < 100 ms and sustained frames/s ≥ 1.5× Socket.IO,
 * both at the curve's point nearest 10,000 subscribers.
 */
export function goalRows(result: RunResult): Rows {
  const rows: Rows = [["goal", "measured", "met"]];
  const memory = result.memory.find((r) => r.peer === "plenum");
  if (memory)
    rows.push([
      `memory per idle socket ≤ 16 KB (${num(memory.sockets)} sockets)`,
      `${num(kb(memory.bytesPerSocket), 1)} KB`,
      kb(memory.bytesPerSocket) <= 16 ? "yes" : "NO",
    ]);
  const at = (peer: PeerName) => {
    const points = result.curves.find((c) => c.peer === peer)?.fanout ?? [];
    return [...points].sort((a, b) => Math.abs(a.subscribers - 10_000) - Math.abs(b.subscribers - 10_000))[0];
  };
  const plenum = at("plenum");
  const socketio = at("socketio");
  if (plenum)
    rows.push([
      `fan-out p99 < 100 ms (${num(plenum.subscribers)} subscribers)`,
      `${num(plenum.single.p99, 1)} ms`,
      plenum.single.p99 < 100 ? "yes" : "NO",
    ]);
  if (plenum && socketio) {
    const ratio = plenum.stream.framesPerSecond / socketio.stream.framesPerSecond;
    rows.push([`frames/s ≥ 1.5× Socket.IO (${num(plenum.subscribers)} subscribers)`, `${num(ratio, 2)}×`, ratio >= 1.5 ? "yes" : "NO"]);
  }
  rows.push(...slowGoalRows(result.slow));
  return rows;
}

/** The plots the docs cite, by file name. */
export function charts(result: RunResult): Record<string, string> {
  const out: Record<string, string> = {};
  if (result.memory.length > 0) {
    const sockets = result.memory[0]!.sockets;
    out["memory-per-socket.svg"] = barChart({
      title: `Server RSS per idle joined socket (${num(sockets)} sockets)`,
      yLabel: "KB per socket",
      groups: [""],
      series: result.memory.map((r) => ({ name: label(r.peer), values: [kb(r.bytesPerSocket)] })),
      goal: { value: 16, label: "goal ≤ 16 KB" },
    });
    out["memory-rss.svg"] = lineChart({
      title: `Server RSS while ${num(sockets)} sockets connect and idle`,
      xLabel: "seconds since server start",
      yLabel: "RSS (MB)",
      series: result.memory.map((r) => ({ name: label(r.peer), points: r.series.map((s) => [s.t, mb(s.rss)] as const) })),
    });
  }
  if (result.curves.length > 0) {
    out["fanout-latency.svg"] = lineChart({
      title: "One-message fan-out latency",
      xLabel: "subscribers",
      yLabel: "ms (solid p99, dashed p50)",
      series: result.curves.flatMap((c) => [
        { name: `${label(c.peer)} p99`, colorKey: c.peer, points: c.fanout.map((p) => [p.subscribers, p.single.p99] as const) },
        {
          name: `${label(c.peer)} p50`,
          colorKey: c.peer,
          dashed: true,
          points: c.fanout.map((p) => [p.subscribers, p.single.p50] as const),
        },
      ]),
    });
    out["fanout-throughput.svg"] = lineChart({
      title: "Sustained fan-out: delivered frames per second",
      xLabel: "subscribers",
      yLabel: "frames/s",
      series: result.curves.map((c) => ({
        name: label(c.peer),
        points: c.fanout.map((p) => [p.subscribers, p.stream.framesPerSecond] as const),
      })),
    });
    const withRoundtrips = result.curves.filter((c) => c.roundtrips);
    if (withRoundtrips.length > 0) {
      const first = withRoundtrips[0]!.roundtrips!;
      out["roundtrips.svg"] = barChart({
        title: "Request/reply round trips per second",
        yLabel: "round trips/s",
        groups: [`1 socket, ${first.single.inFlightPerSocket} in flight`, `${num(first.many.sockets)} sockets, 1 in flight each`],
        series: withRoundtrips.map((c) => ({
          name: label(c.peer),
          values: [c.roundtrips!.single.perSecond, c.roundtrips!.many.perSecond],
        })),
      });
    }
  }
  if (result.slow) Object.assign(out, slowCharts(result.slow));
  return out;
}

function slowCharts(slow: SlowResult): Record<string, string> {
  const steady = slow.variants.filter((v) => v.name === "baseline" || v.name === "slow");
  const pressure = slow.variants.filter((v) => v.name.startsWith("pressure"));
  const held = (v: SlowVariant) => {
    // Short legend names: the legend column is narrow.
    const run = v.coalesce ? "coalesce" : v.name;
    return [
      { name: `kernel, ${run}`, colorKey: v.name, dashed: true, points: v.held.map((s) => [s.t, mb(s.kernelBytes)] as const) },
      { name: `engine, ${run}`, colorKey: `${v.name} engine`, points: v.held.map((s) => [s.t, mb(s.queueBytes)] as const) },
    ];
  };
  const title = (v: SlowVariant | undefined): string =>
    v
      ? `${num(v.subscribers)} subscribers, ${num(v.rate)} msg/s; ${num(v.slowSockets)} stop${v.slowSockets === 1 ? "s" : ""} reading at ${v.pauseAtS} s`
      : "";
  const out: Record<string, string> = {};
  if (steady.length > 0)
    out["slow-rss.svg"] = lineChart({
      title: title(steady.find((v) => v.slowSockets > 0) ?? steady[0]),
      xLabel: "seconds since the stream started",
      yLabel: "MB",
      series: [
        ...steady.map((v) => ({ name: `RSS, ${v.name}`, colorKey: v.name, points: v.rss.map((s) => [s.t, mb(s.rss)] as const) })),
        ...steady.filter((v) => v.slowSockets > 0).flatMap(held),
      ],
    });
  if (pressure.length > 0)
    out["slow-pressure.svg"] = lineChart({
      title: title(pressure[0]),
      xLabel: "seconds since the stream started",
      yLabel: "MB held (dashed: kernel send queues)",
      series: pressure.flatMap(held),
    });
  return out;
}

export function recoveryRows(recovery: readonly RecoveryVariant[] | undefined): Rows {
  if (!recovery) return [];
  return [
    [
      "history",
      "subscribers",
      "rejoined",
      "msgs",
      "recovered",
      "not recovered",
      "replayed",
      "rejoined complete",
      "lost",
      "out of order",
      "server closes",
      "rejoin wait p50 ms",
      "rejoin wait max ms",
      "fast complete",
      "fast p50 ms",
      "fast p99 ms",
      "RSS start MB",
      "peak RSS MB",
      "RSS end MB",
    ],
    ...recovery.map((v) => [
      v.history,
      num(v.subscribers),
      num(v.droppers),
      num(v.messages),
      num(v.recovered),
      num(v.notRecovered),
      num(v.replayed),
      num(v.droppersComplete),
      num(v.lost),
      num(v.outOfOrder),
      num(v.serverCloses),
      num(v.rejoinWaitP50Ms, 1),
      num(v.rejoinWaitMaxMs, 1),
      num(v.fastComplete),
      num(v.fastP50Ms, 1),
      num(v.fastP99Ms, 1),
      num(mb(v.rssAtStart), 1),
      num(mb(v.peakRss), 1),
      num(mb(v.rssAtEnd), 1),
    ]),
  ];
}
