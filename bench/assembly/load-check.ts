/**
 * A login storm replayed against the real app (the load check):
 * 3,000 participants join one event within 60 s while 10 chair consoles are
 * connected to `event:<id>:admin`; then all of them vote on one poll within
 * 30 s, every ballot stored. Server RSS over time, chairs' messages and
 * bytes per second.
 *
 *   npx tsx bench/assembly/load-check.ts [--quick] [--docs]
 */
import { lineChart } from "../lib/svg-chart.ts";
import { num, table } from "../lib/table.ts";
import { runIfMain, writeJson, writeSvg, type BenchContext } from "./lib/context.ts";
import { joinStorm, type StormResult } from "./lib/join-storm.ts";
import { chairRates } from "./lib/storm-report.ts";

const VOTE_GOAL_SECONDS = 30;

export function loadCheckTable(result: StormResult): string {
  const rates = chairRates(result);
  const vote = result.vote;
  return table([
    ["measure", "value"],
    ["participants joined / failed", `${num(result.joined)} / ${num(result.joinFailures)}`],
    ["join window (s)", num(result.joinWallSeconds, 1)],
    ["server RSS start → peak → end (MB)", `${num(result.rss[0]!.rss / 2 ** 20)} → ${num(result.peakRssMb)} → ${num(result.finalRssMb)}`],
    ["server CPU (s)", num(result.serverCpuSeconds, 1)],
    ["per chair: messages/s mean, max", `${num(rates.messagesMean, 2)}, ${num(rates.messagesMax)}`],
    ["per chair: pushed bytes/s mean, max", `${num(rates.bytesMean)}, ${num(rates.bytesMax)}`],
    ["per chair: fetched bytes/s mean (notify-then-fetch)", num(rates.fetchedMean)],
    ["chairs' client CPU (s, all 10)", num(result.chairs.cpuSeconds, 1)],
    ["vote: accepted / failed", vote ? `${num(vote.accepted)} / ${num(vote.failed)}` : "—"],
    ["vote: window (s), goal < 30", vote ? num(vote.seconds, 1) : "—"],
    ["vote: ack p50 / p99 (ms)", vote ? `${num(vote.ackMs.p50, 1)} / ${num(vote.ackMs.p99, 1)}` : "—"],
    ["vote: stored, tally", vote ? `${num(vote.stored)}, ${vote.tallyMatches ? "ok" : "MISMATCH"}` : "—"],
    [
      "goal met",
      vote &&
      vote.stored === result.options.participants &&
      vote.tallyMatches &&
      vote.seconds < VOTE_GOAL_SECONDS &&
      result.joinFailures === 0
        ? "yes"
        : "no",
    ],
  ]);
}

export async function loadCheck(context: BenchContext): Promise<StormResult> {
  const result = await joinStorm(context, {
    design: "plenum",
    participants: context.quick ? 100 : 3_000,
    joinSeconds: context.quick ? 3 : 60,
    chairs: 10,
    settleSeconds: context.quick ? 1 : 5,
    voteSeconds: context.quick ? 2 : 20,
  });
  console.log(`\nLoad check (${context.quick ? "quick" : "full"})\n${loadCheckTable(result)}\n`);
  if (result.joinErrors.length || result.vote?.errors.length)
    console.log("errors:", [...result.joinErrors, ...(result.vote?.errors ?? [])].join(" | "));
  writeJson(context, "assembly-load-check", { when: new Date().toISOString(), quick: context.quick, result });
  writeSvg(
    context,
    "assembly-load-check-rss",
    lineChart({
      title: `Real app: ${num(result.options.participants)} joins in ${result.options.joinSeconds} s, 10 chairs, then the vote`,
      xLabel: "seconds since joins began",
      yLabel: "server RSS (MB)",
      series: [{ name: "Plenum app", points: result.rss.map((s) => [s.t, s.rss / 2 ** 20] as const) }],
    }),
  );
  return result;
}

runIfMain(import.meta.url, loadCheck);
