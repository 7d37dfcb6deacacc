/**
 * Counting a convention-sized candidate election in the pure domain layer:
 * 30 candidates, 20,000 ballots (seeded random preferences; 5 % of them
 * delegates with weights 2–100), counted by Scottish STV for 10 seats and by
 * approval (block vote) for 10 seats. Each count runs `RUNS` times; the table
 * gives every run and the median. The goal is under 2 s per count.
 *
 *   npx tsx bench/assembly/election-tally.ts [--quick]
 *
 * `--quick` counts 2,000 ballots once. JSON goes to bench/results/assembly-election-tally.json.
 */
import { loadavg } from "node:os";
import type { ElectionBallot } from "../../apps/assembly/src/domain/election/ballot.ts";
import { countElection } from "../../apps/assembly/src/domain/election/count.ts";
import { type ElectionDefinition, validateElection } from "../../apps/assembly/src/domain/election/definition.ts";
import { num, table } from "../lib/table.ts";
import { runIfMain, writeJson, type BenchContext } from "./lib/context.ts";

const CANDIDATES = 30;
const SEATS = 10;
const GOAL_MS = 2_000;

/** mulberry32: a small seeded generator, so every run counts the same ballots. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Rankings drawn Plackett–Luce style from uneven popularity (a few strong
 * candidates, a long tail), each ballot ranking 3 to 30 candidates.
 */
function rankings(count: number, ids: readonly string[], next: () => number): { weight: number; ranking: string[] }[] {
  const popularity = ids.map((_, i) => 1 / (i + 1) ** 0.8);
  return Array.from({ length: count }, () => {
    const keyed = ids.map((id, i) => ({ id, key: -Math.log(1 - next()) / popularity[i]! }));
    keyed.sort((a, b) => a.key - b.key);
    const length = 3 + Math.floor(next() * (ids.length - 2));
    const weight = next() < 0.05 ? 2 + Math.floor(next() * 99) : 1;
    return { weight, ranking: keyed.slice(0, length).map((entry) => entry.id) };
  });
}

function timeCount(definition: ElectionDefinition, ballots: readonly ElectionBallot[], runs: number): { ms: number[]; elected: string[] } {
  const ms: number[] = [];
  let elected: string[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const result = countElection(definition, ballots, { seed: "bench" });
    ms.push(performance.now() - started);
    elected = result.elected.map((seat) => seat.candidateId);
  }
  return { ms, elected };
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function electionTally(context: BenchContext): Promise<unknown> {
  const ballotCount = context.quick ? 2_000 : 20_000;
  const runs = context.quick ? 1 : 3;
  const candidates = Array.from({ length: CANDIDATES }, (_, i) => ({ id: `c${i + 1}`, name: `Candidate ${i + 1}` }));
  const ids = candidates.map((candidate) => candidate.id);
  const drawn = rankings(ballotCount, ids, random(20_000));
  const totalWeight = drawn.reduce((sum, ballot) => sum + ballot.weight, 0);

  const stv = validateElection({ title: "Bench STV", seats: SEATS, candidates, method: { kind: "stv" } });
  const stvBallots: ElectionBallot[] = drawn.map(({ weight, ranking }) => ({ weight, choice: { kind: "ranking", candidateIds: ranking } }));
  const approval = validateElection({
    title: "Bench approval",
    seats: SEATS,
    candidates,
    method: { kind: "approval", maxApprovals: SEATS },
  });
  const approvalBallots: ElectionBallot[] = drawn.map(({ weight, ranking }) => ({
    weight,
    choice: { kind: "approve", candidateIds: ranking.slice(0, SEATS) },
  }));

  const loadBefore = loadavg()[0]!;
  const results = [
    { method: "Scottish STV", ...timeCount(stv, stvBallots, runs) },
    { method: "approval", ...timeCount(approval, approvalBallots, runs) },
  ];
  const loadAfter = loadavg()[0]!;
  const stvResult = countElection(stv, stvBallots, { seed: "bench" });
  const stages = stvResult.method === "stv" ? stvResult.stages.length : 0;

  console.log(
    `\nElection tally (${context.quick ? "quick" : "full"}): ${num(ballotCount)} ballots (total weight ${num(totalWeight)}), ${CANDIDATES} candidates, ${SEATS} seats; STV took ${stages} stages`,
  );
  console.log(
    table([
      ["method", ...results[0]!.ms.map((_, i) => `run ${i + 1} (ms)`), "median (ms)", `goal < ${GOAL_MS} ms`],
      ...results.map((r) => [r.method, ...r.ms.map((ms) => num(ms, 0)), num(median(r.ms), 0), median(r.ms) < GOAL_MS ? "yes" : "no"]),
    ]),
  );
  console.log(`load average (1 min) before ${loadBefore.toFixed(2)}, after ${loadAfter.toFixed(2)}\n`);
  const summary = {
    when: new Date().toISOString(),
    quick: context.quick,
    ballotCount,
    totalWeight,
    stages,
    loadBefore,
    loadAfter,
    results,
  };
  writeJson(context, "assembly-election-tally", summary);
  return summary;
}

runIfMain(import.meta.url, electionTally);
