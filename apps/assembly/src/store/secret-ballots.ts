import { randomBytes } from "node:crypto";
import type { Insertable, Kysely, Selectable, Updateable } from "kysely";
import type { Poll, PollOption } from "../domain/poll.ts";
import { sumBallots, type BallotTotals } from "../domain/tally.ts";
import type { BallotSeal, PollKeyLock, PollSeal } from "./ballot-seal.ts";
import { chunks, insertBatchRows, type Executor, type StoreContext } from "./context.ts";
import { receiptHash } from "./receipt-seal.ts";
import { SplitBallotCodec } from "./split-ballot-codec.ts";
import { parseChoice, toBallotTotals, toTotalRows } from "./rows.ts";
import type { BallotReceiptsTable, Database, PollsTable, SealedBallotsTable } from "./schema.ts";

/**
 * Secret polls in the store. While a poll is open each choice is a sealed row
 * (a random id, the poll, and the choice and weight sealed with the poll's
 * key: see ballot-seal.ts), each receipt a hash in a table of its own. The
 * "has voted" row commits together with them, so whatever ties rows of one
 * commit together (the WAL, `xmin`, page order) ties a person to a
 * ciphertext and a receipt hash, never to a choice.
 *
 * Closing the poll opens every sealed ballot inside the closing transaction,
 * writes the poll's totals in one statement and deletes the sealed rows; the
 * poll forgets its key. From then on the database holds what the published
 * result shows, and on SQLite the deleted rows are scrubbed from the files
 * (see WalScrubber).
 */

const rowIdBytes = 16;
const ivBytes = 12;

/** Random bytes a sealed row needs: its id and its IV. */
export const sealedRowRandomBytes = rowIdBytes + ivBytes;

export function sealedRow<B>(
  seal: PollSeal<B>,
  pollId: string,
  ballot: B,
  random: Uint8Array = randomBytes(sealedRowRandomBytes),
): Insertable<SealedBallotsTable> {
  return {
    id: Buffer.from(random.subarray(0, rowIdBytes)).toString("hex"),
    poll_id: pollId,
    sealed: seal.seal(ballot, random.subarray(rowIdBytes, sealedRowRandomBytes)),
  };
}

export function receiptRow(pollId: string, receipt: string): Insertable<BallotReceiptsTable> {
  return { receipt_hash: receiptHash(receipt), poll_id: pollId };
}

/** The lock stored on a poll row, if it has one. */
export function lockOf(row: Pick<Selectable<PollsTable>, "ballot_salt" | "ballot_key_check">): PollKeyLock | null {
  return row.ballot_salt === null || row.ballot_key_check === null ? null : { salt: row.ballot_salt, check: row.ballot_key_check };
}

/**
 * The open secret poll's key, its plaintext sized for whole ballots or, where
 * the poll allows splitting, for the most parts a ballot has;
 * `BallotSecretMismatch` when the configured secret is not the one it was opened with.
 */
export function unlockPoll(ctx: StoreContext, poll: Pick<Poll, "id" | "options" | "allowSplit">, lock: PollKeyLock | null): PollSeal {
  if (lock === null) throw new Error(`secret poll ${poll.id} has no ballot key`);
  if (!poll.allowSplit) return ctx.ballotSeal.unlock(poll.id, lock, poll.options);
  return ctx.ballotSeal.unlockWith(poll.id, lock, new SplitBallotCodec(poll.options));
}

export async function readLock(trx: Executor, pollId: string): Promise<PollKeyLock | null> {
  return lockOf(
    await trx.selectFrom("polls").select(["ballot_salt", "ballot_key_check"]).where("id", "=", pollId).executeTakeFirstOrThrow(),
  );
}

/** The poll row's changes when a secret poll opens: a fresh lock, unless it has one (which must then fit the secret). */
export async function openSecretPoll(ctx: StoreContext, trx: Executor, poll: Poll): Promise<Updateable<PollsTable>> {
  const lock = await readLock(trx, poll.id);
  if (lock !== null) {
    unlockPoll(ctx, poll, lock);
    return {};
  }
  const fresh = ctx.ballotSeal.lock(poll.id);
  return { ballot_salt: fresh.salt, ballot_key_check: fresh.check };
}

async function writeTotals(trx: Executor, pollId: string, totals: BallotTotals): Promise<void> {
  await trx.insertInto("ballot_totals").values(toTotalRows(pollId, totals)).execute();
}

/**
 * Counts a secret poll that closes, inside the closing transaction (no ballot
 * can join any more), and returns the poll row's changes. Refuses to close
 * when the sealed ballots do not add up to the "has voted" rows, count and
 * weight: a tally must be the stored ballots, all of them. Named paper
 * voters have a "has voted" row but no sealed ballot (theirs is in the paper counts).
 */
export async function closeSecretPoll(ctx: StoreContext, trx: Executor, poll: Poll): Promise<Updateable<PollsTable>> {
  const seal = unlockPoll(ctx, poll, await readLock(trx, poll.id));
  const rows = await trx.selectFrom("sealed_ballots").select("sealed").where("poll_id", "=", poll.id).execute();
  const totals = sumBallots(
    poll,
    rows.map((row) => seal.unseal(row.sealed)),
  );
  await requireAllSealed(trx, poll.id, totals.turnout);
  await writeTotals(trx, poll.id, totals);
  return forgetSealed(ctx, trx, poll.id);
}

/** Refuses to close when the sealed ballots opened (count and weight) are not the "has voted" rows: a tally must be the stored ballots, all of them. */
export async function requireAllSealed(trx: Executor, pollId: string, opened: { count: number; weight: number }): Promise<void> {
  const voters = await trx
    .selectFrom("poll_voters")
    .select((eb) => [eb.fn.countAll<number>().as("count"), eb.fn.sum<number>("weight").as("weight")])
    .where("poll_id", "=", pollId)
    .where("paper", "=", 0)
    .executeTakeFirstOrThrow();
  if (Number(voters.count) !== opened.count || Number(voters.weight ?? 0) !== opened.weight) {
    throw new Error(`secret poll ${pollId} cannot close: its ${opened.count} sealed ballots do not match its ${voters.count} voters`);
  }
}

/** Deletes a closing box's sealed rows (scrubbed from SQLite's files) and returns the poll row's changes: the key is forgotten. */
export async function forgetSealed(ctx: StoreContext, trx: Executor, pollId: string): Promise<Updateable<PollsTable>> {
  await trx.deleteFrom("sealed_ballots").where("poll_id", "=", pollId).execute();
  ctx.scrubber.request();
  return { ballot_salt: null, ballot_key_check: null };
}

/** A closed secret poll's totals. */
export async function secretTotals(db: Executor, poll: Poll): Promise<BallotTotals> {
  const rows = await db.selectFrom("ballot_totals").select(["total", "ballots", "weight"]).where("poll_id", "=", poll.id).execute();
  return toBallotTotals(poll, rows);
}

/**
 * Migration: the plaintext choice rows an older version stored for secret
 * polls become totals (closed and published polls) or sealed rows under a
 * fresh lock (open ones), their receipts move to the receipt table hashed,
 * and the plaintext rows are deleted. Runs inside the migration's
 * transaction: every ballot is converted once or the database stays as it was.
 */
export async function sealSecretBallots(db: Kysely<Database>, seal: BallotSeal): Promise<void> {
  const polls = await db.selectFrom("polls").select(["id", "status", "options"]).where("secret", "=", 1).execute();
  for (const poll of polls) {
    const options = JSON.parse(poll.options) as PollOption[];
    const rows = await db.selectFrom("ballots").select(["receipt", "weight", "choice"]).where("poll_id", "=", poll.id).execute();
    const ballots = rows.map((row) => ({ choice: parseChoice(row.choice), weight: row.weight }));
    if (poll.status === "closed" || poll.status === "published") {
      await writeTotals(db, poll.id, sumBallots({ options }, ballots));
    } else if (poll.status === "open" || rows.length > 0) {
      const lock = seal.lock(poll.id);
      await db.updateTable("polls").set({ ballot_salt: lock.salt, ballot_key_check: lock.check }).where("id", "=", poll.id).execute();
      const pollSeal = seal.unlock(poll.id, lock, options);
      const sealed = ballots.map((ballot) => sealedRow(pollSeal, poll.id, ballot)).sort((a, b) => (a.id < b.id ? -1 : 1));
      for (const batch of chunks(sealed, insertBatchRows)) await db.insertInto("sealed_ballots").values(batch).execute();
    }
    const receipts = rows.map((row) => receiptRow(poll.id, row.receipt)).sort((a, b) => (a.receipt_hash < b.receipt_hash ? -1 : 1));
    for (const batch of chunks(receipts, insertBatchRows)) await db.insertInto("ballot_receipts").values(batch).execute();
    await db.deleteFrom("ballots").where("poll_id", "=", poll.id).execute();
  }
}
