import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import type { CountedBallot, PollBallot } from "../domain/ballot.ts";
import { DomainError } from "../domain/errors.ts";
import type { PollOption } from "../domain/poll.ts";

/**
 * The choices of an open secret poll are stored sealed (AES-256-GCM), so the
 * database files can sit next to the "has voted" rows written in the same
 * commit without linking anyone to a choice. The key of a poll is derived
 * with HKDF-SHA-256 from the ballot secret, which never enters the database,
 * a random salt stored on the poll, and the poll id. Next to the salt the poll
 * stores a check value derived the same way for another purpose: it tells
 * whether the configured secret is the one the poll was opened with, and
 * reveals nothing about the key.
 *
 * A sealed ballot is a random 96-bit IV, the ciphertext and the tag, bound to
 * its poll as additional data. Its plaintext (see `BallotCodec`) has one
 * length for every ballot of a poll, so neither the ciphertext nor its length
 * tells anything about the choice or the weight.
 */

/** At least 256 bits, the size of the key it derives. */
export const ballotSecretMinBytes = 32;

const saltBytes = 16;
const ivBytes = 12;
const tagBytes = 16;
const mapBytes = 16;
const format = 1;
const kindOptions = 0;
const kindAbstain = 1;

/** Bytes of one weighted choice in sealed plaintext: a kind byte, the weight, the option map. */
export const sealedPartBytes = 1 + 8 + mapBytes;
const plaintextBytes = 1 + sealedPartBytes;

/** The most options a sealed ballot can name (the domain allows 100). */
export const maxSealedOptions = mapBytes * 8;

/** Characters of a sealed ballot as stored (base64) whose plaintext has `bytes`. */
export const sealedLength = (bytes: number): number => Math.ceil((ivBytes + bytes + tagBytes) / 3) * 4;

/** Characters of every sealed ballot of a poll that takes no split ballots. */
export const sealedBallotLength = sealedLength(plaintextBytes);

/** What a secret poll stores to find its key again; both hex. */
export interface PollKeyLock {
  readonly salt: string;
  readonly check: string;
}

/**
 * The configured ballot secret is not the one a secret poll was opened with:
 * an operator's mistake, refused with its own code (the voter is told to
 * alert the organisers) rather than as an unexplained server error.
 */
export class BallotSecretMismatch extends DomainError {
  override readonly name: string = "BallotSecretMismatch";

  constructor(pollId: string) {
    super(
      "ballot_secret_mismatch",
      `secret poll ${pollId} was opened with another ballot secret: start Plenum with the BALLOT_SECRET ` +
        "(or DATA_DIR/ballot-secret.key) it was opened with; nothing was changed",
    );
  }
}

/** The ballot secret, held only in memory; hands out the per-poll keys. */
export class BallotSeal {
  readonly #secret: Buffer;

  constructor(secret: Uint8Array) {
    if (secret.length < ballotSecretMinBytes) throw new Error(`the ballot secret must be at least ${ballotSecretMinBytes} bytes`);
    this.#secret = Buffer.from(secret);
  }

  /** A fresh lock for a secret poll that opens: a random salt and the check value of the key it gives. */
  lock(pollId: string): PollKeyLock {
    const salt = randomBytes(saltBytes);
    return { salt: salt.toString("hex"), check: this.#derive("check", pollId, salt).toString("hex") };
  }

  /**
   * The poll's key, once the lock's check value proves the secret is the one
   * the poll was opened with (`BallotSecretMismatch` otherwise).
   */
  unlock(pollId: string, lock: PollKeyLock, options: readonly PollOption[]): PollSeal<PollBallot> {
    return this.unlockWith(pollId, lock, new OptionsCodec(pollId, options));
  }

  /** As `unlock`, for a ballot box whose ballots `codec` encodes (an election's). */
  unlockWith<B>(pollId: string, lock: PollKeyLock, codec: BallotCodec<B>): PollSeal<B> {
    const salt = Buffer.from(lock.salt, "hex");
    const expected = Buffer.from(lock.check, "hex");
    const check = this.#derive("check", pollId, salt);
    if (expected.length !== check.length || !timingSafeEqual(expected, check)) throw new BallotSecretMismatch(pollId);
    return new PollSeal(this.#derive("seal", pollId, salt), pollId, codec);
  }

  #derive(purpose: "seal" | "check", pollId: string, salt: Buffer): Buffer {
    return Buffer.from(hkdfSync("sha256", this.#secret, salt, `plenum:ballot-${purpose}\0${pollId}`, 32));
  }
}

/**
 * How one kind of ballot box turns its ballots into sealed plaintext: every
 * plaintext of one poll has the same length (`bytes`), so the ciphertext says
 * nothing about the choice. `decode` returns undefined for bytes it does not
 * recognise.
 */
export interface BallotCodec<B> {
  readonly bytes: number;
  encode(ballot: B): Buffer;
  decode(plaintext: Buffer): B | undefined;
}

/**
 * Writes a weighted choice at `offset` of a floor poll's plaintext: a kind
 * byte (options or abstain), the weight as an unsigned 64-bit integer, and a
 * 128-bit map of the selected options by their position in the poll (options
 * never change once a poll is open).
 */
export function writeSealedPart(plaintext: Buffer, offset: number, part: CountedBallot, optionIds: readonly string[]): void {
  if (!Number.isSafeInteger(part.weight) || part.weight < 1) throw new Error("a sealed ballot needs a positive integer weight");
  plaintext[offset] = part.choice.kind === "abstain" ? kindAbstain : kindOptions;
  plaintext.writeBigUInt64BE(BigInt(part.weight), offset + 1);
  if (part.choice.kind === "abstain") return;
  for (const id of part.choice.optionIds) {
    const index = optionIds.indexOf(id);
    if (index < 0) throw new Error(`option ${JSON.stringify(id)} is not in the poll`);
    plaintext[offset + 9 + (index >> 3)]! |= 1 << (index & 7);
  }
}

/** The weighted choice `writeSealedPart` wrote at `offset`, or undefined for bytes that are none. */
export function readSealedPart(plaintext: Buffer, offset: number, optionIds: readonly string[]): CountedBallot | undefined {
  const weight = Number(plaintext.readBigUInt64BE(offset + 1));
  const selected = optionIds.filter((_, index) => (plaintext[offset + 9 + (index >> 3)]! & (1 << (index & 7))) !== 0);
  const kind = plaintext[offset];
  if (!Number.isSafeInteger(weight) || weight < 1) return undefined;
  if (kind === kindAbstain && selected.length === 0) return { choice: { kind: "abstain" }, weight };
  if (kind === kindOptions && selected.length > 0) return { choice: { kind: "options", optionIds: selected }, weight };
  return undefined;
}

/** The option ids a sealed ballot of `options` maps, refused beyond what the map holds. */
export function sealableOptionIds(options: readonly PollOption[]): readonly string[] {
  if (options.length > maxSealedOptions) throw new Error(`a sealed ballot names at most ${maxSealedOptions} options`);
  return options.map((option) => option.id);
}

/**
 * A floor poll's ballots where splitting is not allowed: a format byte and one
 * weighted choice (see `writeSealedPart`), one length for every ballot of
 * every such poll.
 */
export class OptionsCodec implements BallotCodec<PollBallot> {
  readonly bytes = plaintextBytes;
  readonly #pollId: string;
  readonly #optionIds: readonly string[];

  constructor(pollId: string, options: readonly PollOption[]) {
    this.#pollId = pollId;
    this.#optionIds = sealableOptionIds(options);
  }

  encode(ballot: PollBallot): Buffer {
    if ("parts" in ballot) throw new Error(`poll ${this.#pollId} takes no split ballots`);
    const plaintext = Buffer.alloc(plaintextBytes);
    plaintext[0] = format;
    writeSealedPart(plaintext, 1, ballot, this.#optionIds);
    return plaintext;
  }

  decode(plaintext: Buffer): CountedBallot | undefined {
    return plaintext[0] === format ? readSealedPart(plaintext, 1, this.#optionIds) : undefined;
  }
}

/** Seals and opens the ballots of one poll. */
export class PollSeal<B = PollBallot> {
  readonly #key: Buffer;
  readonly #pollId: string;
  readonly #binding: Buffer;
  readonly #codec: BallotCodec<B>;

  constructor(key: Buffer, pollId: string, codec: BallotCodec<B>) {
    this.#key = key;
    this.#pollId = pollId;
    this.#binding = Buffer.from(`plenum:ballot\0${pollId}`);
    this.#codec = codec;
  }

  /** `iv`: 12 random bytes, never used twice (by default fresh ones). */
  seal(ballot: B, iv: Uint8Array = randomBytes(ivBytes)): string {
    if (iv.length !== ivBytes) throw new Error(`the IV must be ${ivBytes} bytes`);
    const plaintext = this.#codec.encode(ballot);
    if (plaintext.length !== this.#codec.bytes)
      throw new Error(`a sealed ballot of poll ${this.#pollId} must be ${this.#codec.bytes} bytes`);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv).setAAD(this.#binding);
    const sealed = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return sealed.toString("base64");
  }

  /** The ballot inside `sealed`; throws when it was not sealed with this poll's key (or was altered). */
  unseal(sealed: string): B {
    const bytes = Buffer.from(sealed, "base64");
    const length = this.#codec.bytes;
    if (bytes.length !== ivBytes + length + tagBytes) throw this.#unreadable();
    const decipher = createDecipheriv("aes-256-gcm", this.#key, bytes.subarray(0, ivBytes)).setAAD(this.#binding);
    decipher.setAuthTag(bytes.subarray(ivBytes + length));
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([decipher.update(bytes.subarray(ivBytes, ivBytes + length)), decipher.final()]);
    } catch {
      throw this.#unreadable();
    }
    const ballot = this.#codec.decode(plaintext);
    if (ballot === undefined) throw this.#unreadable();
    return ballot;
  }

  #unreadable(): Error {
    return new Error(`a sealed ballot of poll ${this.#pollId} does not open with its key: it was altered or belongs elsewhere`);
  }
}
