import { choiceKey } from "./ballot.ts";
import { type CountInput, type ResultBase, resultBase } from "./result.ts";
import { selectSeats } from "./selection.ts";

export interface SchulzeResult extends ResultBase {
  readonly method: "schulze";
  /** The rows and columns of both matrices: the candidate list's order. */
  readonly candidateIds: readonly string[];
  /** d[i][j]: the weight of ballots ranking candidate i above candidate j (0 on the diagonal). */
  readonly pairwise: readonly (readonly number[])[];
  /** p[i][j]: the strength of the strongest path from i to j (winning votes; 0 when i has no path to j). */
  readonly strongestPaths: readonly (readonly number[])[];
  /** The Schulze order, best first: each group holds candidates no other remaining candidate beats. */
  readonly ranking: readonly (readonly string[])[];
}

/**
 * The Schulze method (Markus Schulze, "A new monotonic, clone-independent,
 * reversal symmetric, and condorcet-consistent single-winner election
 * method", 2011), winning votes: d from the ballots (a candidate left off a
 * ballot ranks below every ranked one; candidates in one tier are equal), p by
 * the widest-path Floyd-Warshall, and i ranks above j when p[i][j] > p[j][i].
 * The seats go down that order; candidates in one group are tied and the tie
 * rule orders them where a seat or position depends on it. Weights are summed
 * as safe integers: totals stay below 2^53 for any electorate the app allows.
 */
export function countSchulze(input: CountInput<"schulze">): SchulzeResult {
  const { election } = input;
  const ids = election.candidates.map((candidate) => candidate.id);
  const n = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));

  const grouped = new Map<string, { tiers: readonly (readonly string[])[]; weight: bigint }>();
  for (const paper of input.papers) {
    const choice = paper.choice;
    if (choice.kind !== "ranking" && choice.kind !== "tiers") continue;
    const key = choiceKey(choice);
    const tiers = choice.kind === "tiers" ? choice.tiers : choice.candidateIds.map((id) => [id]);
    grouped.set(key, { tiers, weight: (grouped.get(key)?.weight ?? 0n) + paper.weight });
  }
  const d = ids.map(() => ids.map(() => 0));
  for (const { tiers, weight } of grouped.values()) {
    const rank = new Array<number>(n).fill(tiers.length);
    tiers.forEach((tier, position) => {
      for (const id of tier) rank[index.get(id)!] = position;
    });
    const w = Number(weight);
    for (let i = 0; i < n; i++) {
      const row = d[i]!;
      const ri = rank[i]!;
      for (let j = 0; j < n; j++) if (ri < rank[j]!) row[j]! += w;
    }
  }

  const p = ids.map((_, i) => ids.map((_, j) => (i !== j && d[i]![j]! > d[j]![i]! ? d[i]![j]! : 0)));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      for (let k = 0; k < n; k++) {
        if (k === i || k === j) continue;
        const through = Math.min(p[j]![i]!, p[i]![k]!);
        if (through > p[j]![k]!) p[j]![k] = through;
      }
    }
  }

  const ranking: string[][] = [];
  let remaining = ids.map((_, i) => i);
  while (remaining.length > 0) {
    const unbeaten = remaining.filter((i) => !remaining.some((j) => p[j]![i]! > p[i]![j]!));
    ranking.push(unbeaten.map((i) => ids[i]!));
    remaining = remaining.filter((i) => !unbeaten.includes(i));
  }
  const standings = ranking.flatMap((group, position) =>
    group.map((candidateId) => ({ candidateId, score: BigInt(ranking.length - position) })),
  );
  const { elected, vacantSeats } = selectSeats(election, standings, input.ties);
  return {
    ...resultBase(input, elected, vacantSeats),
    method: "schulze",
    candidateIds: ids,
    pairwise: d,
    strongestPaths: p,
    ranking,
  };
}
