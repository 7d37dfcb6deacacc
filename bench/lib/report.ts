import { barChart, lineChart } from "./svg-chart.ts";
import { num } from "./table.ts";
import { peerScripts } from "./servers.ts";
import type { PeerName } from "../clients/messages.ts";
import type { MemoryResult } from "../scenarios/memory.ts";
import type { CurveResult } from "../scenarios/curve.ts";

/** Everything one run measured, as written to bench/results/*.json. */
export interface RunResult {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly mode: "quick" | "full";
  readonly machine: Record<string, string | number>;
  readonly memory: readonly MemoryResult[];
  readonly curves: readonly CurveResult[];
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
  return out;
}
