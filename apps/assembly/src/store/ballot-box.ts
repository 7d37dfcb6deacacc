import type { Insertable } from "kysely";
import { type BallotChoice, type BallotPart, type PollBallot, validateChoice, validateSplit } from "../domain/ballot.ts";
import { type ElectionBallot, type ElectionBallotPart, type ElectionChoice, validateElectionBallot } from "../domain/election/ballot.ts";
import type { ElectionDefinition } from "../domain/election/definition.ts";
import { DomainError } from "../domain/errors.ts";
import type { Poll } from "../domain/poll.ts";
import type { PollKeyLock } from "./ballot-seal.ts";
import type { StoreContext } from "./context.ts";
import { ElectionBallotCodec } from "./election-ballot-codec.ts";
import type { SealedBallotsTable } from "./schema.ts";
import { sealedRow, unlockPoll } from "./secret-ballots.ts";
import type { CastBallotInput } from "./store.ts";

/**
 * What a cast goes into: a floor poll, or an election's poll row with the
 * definition frozen when it opened (null in draft, where no cast gets past
 * the entitlement check).
 */
export interface BallotBox {
  readonly poll: Poll;
  readonly election: ElectionDefinition | null;
  readonly lock: PollKeyLock | null;
}

/** A cast's ballot, checked against its box: what a named box stores as the choice, and what a secret one seals. */
export type CheckedBallot =
  | { readonly kind: "poll"; readonly json: string; readonly ballot: PollBallot }
  | { readonly kind: "election"; readonly json: string; readonly ballot: ElectionBallot };

/** Opens the stored choice of a named election ballot (the JSON `checkBallot` made) with its row's weight. */
export function parseElectionBallot(json: string, weight: number): ElectionBallot {
  return { weight, ...(JSON.parse(json) as object) } as ElectionBallot;
}

/** Checks a cast of `weight` against its box and normalises it; `invalid` otherwise. */
export function checkBallot(box: BallotBox, input: CastBallotInput, weight: number): CheckedBallot {
  if (box.poll.kind !== "election") {
    if (input.parts === undefined) {
      const choice = validateChoice(box.poll, input.choice as BallotChoice);
      return { kind: "poll", json: JSON.stringify(choice), ballot: { choice, weight } };
    }
    if (!box.poll.allowSplit) throw new DomainError("split_not_allowed", "this poll takes no split ballots", { field: "parts" });
    const parts = validateSplit(box.poll, weight, input.parts as readonly BallotPart[]);
    const [only, ...more] = parts;
    // A split left with one choice is a whole ballot, stored and shown as one.
    if (only !== undefined && more.length === 0)
      return { kind: "poll", json: JSON.stringify(only.choice), ballot: { choice: only.choice, weight } };
    return { kind: "poll", json: JSON.stringify({ parts }), ballot: { weight, parts } };
  }
  if (box.election === null) throw new Error(`election ${box.poll.id} has no definition`);
  const ballot = validateElectionBallot(
    box.election,
    // The domain checks the choice's shape against the method: whatever kind arrived, an unfit one is `invalid`.
    input.parts === undefined
      ? { weight, choice: input.choice as ElectionChoice }
      : { weight, parts: input.parts as readonly ElectionBallotPart[] },
  );
  const { weight: _weight, ...stored } = ballot;
  return { kind: "election", json: JSON.stringify(stored), ballot };
}

/** Seals the checked ballots of one open secret box. */
export interface BoxSeal {
  sealedRow(ballot: CheckedBallot, random: Uint8Array): Insertable<SealedBallotsTable>;
}

/** The open secret box's seal; `BallotSecretMismatch` when the configured secret is not the one it was opened with. */
export function unlockBox(ctx: StoreContext, box: BallotBox): BoxSeal {
  if (box.poll.kind !== "election") {
    const seal = unlockPoll(ctx, box.poll, box.lock);
    return { sealedRow: (checked, random) => sealedRow(seal, box.poll.id, checked.ballot as PollBallot, random) };
  }
  const seal = unlockElection(ctx, box.poll.id, box.election, box.lock);
  return { sealedRow: (checked, random) => sealedRow(seal, box.poll.id, checked.ballot as ElectionBallot, random) };
}

/** An open secret election's seal, its plaintext sized for the election's ballots. */
export function unlockElection(ctx: StoreContext, pollId: string, election: ElectionDefinition | null, lock: PollKeyLock | null) {
  if (lock === null || election === null) throw new Error(`secret election ${pollId} has no ballot key`);
  return ctx.ballotSeal.unlockWith(pollId, lock, new ElectionBallotCodec(election));
}
