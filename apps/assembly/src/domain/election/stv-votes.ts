/**
 * STV votes are fixed-point decimals with exactly five places, as the
 * Scottish rules prescribe (rule 48(3)): a bigint count of 0.00001 votes.
 * Sums and products by integer weights are exact; only the transfer value
 * truncates, the way the rules say.
 */
export const voteUnit = 100_000n;

/** Whole votes as units. */
export function votesToUnits(votes: bigint): bigint {
  return votes * voteUnit;
}

/** Units as the decimal text results carry, e.g. 1234.50000. */
export function formatVotes(units: bigint): string {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  return `${negative ? "-" : ""}${magnitude / voteUnit}.${(magnitude % voteUnit).toString().padStart(5, "0")}`;
}

/** Ascending order of vote values, for sort. */
export function compareVotes(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
