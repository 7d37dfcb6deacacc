import { maxBallotParts } from "../api/schemas/ballots.ts";
import type { CountedBallot, PollBallot } from "../domain/ballot.ts";
import type { PollOption } from "../domain/poll.ts";
import { type BallotCodec, readSealedPart, sealableOptionIds, sealedLength, sealedPartBytes, writeSealedPart } from "./ballot-seal.ts";

const format = 2;
const headerBytes = 2;
const plaintextBytes = headerBytes + maxBallotParts * sealedPartBytes;

/** Characters of every sealed ballot of a poll that allows split ballots, split or not. */
export const splitSealedBallotLength = sealedLength(plaintextBytes);

/**
 * The ballots of a floor poll that allows splitting: a format byte, the
 * number of parts, then room for the most parts a ballot can have, each a
 * weighted choice (see `writeSealedPart`), unused room zero. A whole ballot
 * is one part. Every ballot of such a poll has this one length, so neither
 * ciphertext nor length tells whether, or how far, a ballot was split.
 */
export class SplitBallotCodec implements BallotCodec<PollBallot> {
  readonly bytes = plaintextBytes;
  readonly #optionIds: readonly string[];

  constructor(options: readonly PollOption[]) {
    this.#optionIds = sealableOptionIds(options);
  }

  encode(ballot: PollBallot): Buffer {
    const parts: readonly CountedBallot[] = "parts" in ballot ? ballot.parts : [ballot];
    if (parts.length < 1 || parts.length > maxBallotParts) throw new Error(`a sealed ballot has 1 to ${maxBallotParts} parts`);
    const plaintext = Buffer.alloc(plaintextBytes);
    plaintext[0] = format;
    plaintext[1] = parts.length;
    for (const [index, part] of parts.entries()) writeSealedPart(plaintext, headerBytes + index * sealedPartBytes, part, this.#optionIds);
    return plaintext;
  }

  decode(plaintext: Buffer): PollBallot | undefined {
    const count = plaintext[1] ?? 0;
    if (plaintext[0] !== format || count < 1 || count > maxBallotParts) return undefined;
    const parts: CountedBallot[] = [];
    for (let index = 0; index < count; index += 1) {
      const part = readSealedPart(plaintext, headerBytes + index * sealedPartBytes, this.#optionIds);
      if (part === undefined) return undefined;
      parts.push(part);
    }
    if (parts.length === 1) return parts[0];
    return { weight: parts.reduce((sum, part) => sum + part.weight, 0), parts };
  }
}
