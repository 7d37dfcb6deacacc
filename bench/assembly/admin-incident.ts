/**
 * A 3,000-member login storm both ways: a naive admin design
 * (naive-server.ts: the full participant list to the chairs on every join)
 * versus the real app's throttled notify-then-fetch, 3,000 joins in 60 s
 * with 10 chairs. RSS over time (plotted), bytes and messages per chair per
 * second, chair client CPU. The naive one must grow; Plenum's stay flat.
 *
 *   npx tsx bench/assembly/admin-incident.ts [--quick] [--docs]
 */
import { lineChart } from "../lib/svg-chart.ts";
import { num, table } from "../lib/table.ts";
import { runIfMain, writeJson, writeSvg, type BenchContext } from "./lib/context.ts";
import { joinStorm, type StormOptions, type StormResult } from "./lib/join-storm.ts";
import { chairRates } from "./lib/storm-report.ts";

const MB = 2 ** 20;

/** RSS growth from the first sample to the peak, in MB. */
const growthMb = (r: StormResult): number => r.peakRssMb - r.rss[0]!.rss / MB;

export function incidentTable(results: readonly StormResult[]): string {
  return table([
    [
      "design",
      "joined",
      "RSS start MB",
      "RSS peak MB",
      "growth MB",
      "stopped at cap",
      "msgs/s/chair",
      "pushed KB/s/chair",
      "fetched KB/s/chair",
      "chair CPU s",
      "server CPU s",
      "load",
    ],
    ...results.map((r) => {
      const rates = chairRates(r);
      return [
        r.options.design === "naive" ? "naive: full list per join" : "Plenum: throttled notify-then-fetch",
        `${num(r.joined)}/${num(r.options.participants)}`,
        num(r.rss[0]!.rss / MB),
        num(r.peakRssMb),
        num(growthMb(r)),
        r.cappedAt === null ? "no" : `at ${num(r.cappedAt, 1)} s`,
        num(rates.messagesMean, 2),
        num(rates.bytesMean / 1024, 1),
        num(rates.fetchedMean / 1024, 1),
        num(r.chairs.cpuSeconds, 1),
        r.cappedAt === null ? num(r.serverCpuSeconds, 1) : "—",
        num(r.loadAfter, 1),
      ];
    }),
  ]);
}

export async function adminIncident(context: BenchContext): Promise<StormResult[]> {
  const base: Omit<StormOptions, "design"> = {
    participants: context.quick ? 200 : 3_000,
    joinSeconds: context.quick ? 3 : 60,
    chairs: 10,
    settleSeconds: context.quick ? 1 : 5,
  };
  const results: StormResult[] = [];
  for (const design of ["naive", "plenum"] as const) {
    const result = await joinStorm(context, { ...base, design });
    console.log(
      `[admin-incident] ${design}: joined ${num(result.joined)}, RSS peak ${num(result.peakRssMb)} MB${result.cappedAt === null ? "" : `, stopped at the cap at ${num(result.cappedAt, 1)} s`}`,
    );
    results.push(result);
  }
  console.log(`\nLogin storm, both ways (${context.quick ? "quick" : "full"})\n${incidentTable(results)}\n`);
  writeJson(context, "assembly-admin-incident", { when: new Date().toISOString(), quick: context.quick, results });
  writeSvg(
    context,
    "assembly-admin-incident-rss",
    lineChart({
      title: `${num(base.participants)} joins in ${base.joinSeconds} s, 10 chairs: server RSS`,
      xLabel: "seconds since joins began",
      yLabel: "server RSS (MB)",
      series: results.map((r) => ({
        name: r.options.design === "naive" ? "naive (full list)" : "Plenum (notify+fetch)",
        points: r.rss.map((s) => [s.t, s.rss / MB] as const),
      })),
    }),
  );
  writeSvg(
    context,
    "assembly-admin-incident-chair-bytes",
    lineChart({
      title: "Bytes reaching each chair per second (pushed + fetched)",
      xLabel: "seconds since chairs connected",
      yLabel: "bytes/s per chair (log)",
      logY: true,
      series: results.map((r) => ({
        name: r.options.design === "naive" ? "naive (full list)" : "Plenum (notify+fetch)",
        points: r.chairs.series.map((p) => [p.t, Math.max(1, p.bytes + p.fetchedBytes)] as const),
      })),
    }),
  );
  return results;
}

runIfMain(import.meta.url, adminIncident);
