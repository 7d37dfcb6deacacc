import { maxBallotParts } from "../api/schemas/ballots.ts";
import type { ElectionBallot } from "../domain/election/ballot.ts";
import type { ElectionDefinition } from "../domain/election/definition.ts";
import { DomainError } from "../domain/errors.ts";
import type { BallotCodec } from "./ballot-seal.ts";

const format = 2;
// Bounds on the JSON of one choice and of the wrapping around it: a kind and its keys, and per candidate its id,
// quotes, separators and the largest value (a mark, a vote count, a tier's brackets).
const choiceOverhead = 48;
const perCandidateOverhead = 12;
const partOverhead = 40;

/** The most bytes the JSON of a normalised ballot of `election` can take. */
export function electionBallotCapacity(election: ElectionDefinition): number {
  const longestId = Math.max(...election.candidates.map((candidate) => candidate.id.length));
  const choice = choiceOverhead + election.candidates.length * (longestId + perCandidateOverhead);
  return partOverhead + (election.allowSplit ? maxBallotParts : 1) * (choice + partOverhead);
}

/**
 * An election's ballots as sealed plaintext: a format byte, then the JSON of
 * the normalised ballot padded with spaces to the election's capacity, so
 * every ballot of one election seals to the same length whatever it says.
 */
export class ElectionBallotCodec implements BallotCodec<ElectionBallot> {
  readonly bytes: number;

  constructor(election: ElectionDefinition) {
    this.bytes = 1 + electionBallotCapacity(election);
  }

  encode(ballot: ElectionBallot): Buffer {
    const json = Buffer.from(JSON.stringify(ballot), "utf8");
    if (json.length >= this.bytes) {
      throw new DomainError("invalid", `a ballot of this election has at most ${maxBallotParts} parts`, { field: "parts" });
    }
    const plaintext = Buffer.alloc(this.bytes, 0x20);
    plaintext[0] = format;
    json.copy(plaintext, 1);
    return plaintext;
  }

  decode(plaintext: Buffer): ElectionBallot | undefined {
    if (plaintext[0] !== format) return undefined;
    try {
      return JSON.parse(plaintext.subarray(1).toString("utf8")) as ElectionBallot;
    } catch {
      return undefined;
    }
  }
}
