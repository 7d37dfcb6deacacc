import type { AnalogCounts } from "../domain/analog-counts.ts";
import type { BallotChoice } from "../domain/ballot.ts";
import { DomainError } from "../domain/errors.ts";
import type { Poll } from "../domain/poll.ts";
import {
  checkPaperVotes,
  checkPaperWindow,
  validatePaperChoice,
  validatePaperCounts,
  type PaperEntry,
  type PaperVotes,
} from "../domain/paper-votes.ts";
import { transact, type Executor, type StoreContext } from "./context.ts";
import { loadPaperCounts, loadPaperVotes, onlineVoters } from "./paper-votes.ts";
import { requireParticipant } from "./participants-repo.ts";
import { requirePoll } from "./polls-repo.ts";
import { isoOrNull, parseChoice } from "./rows.ts";
import type { PaperVotesRecord, PaperVotesRepository } from "./store.ts";

/** Never a SHA-256 hex: a paper voter's row matches no ballot id, so any online cast for them is `already_voted`. */
const noBallotKey = "paper";

async function readRecord(db: Executor, poll: Poll): Promise<PaperVotesRecord> {
  const counts = await db.selectFrom("paper_counts").selectAll().where("poll_id", "=", poll.id).executeTakeFirst();
  const { paper_revision } = await db.selectFrom("polls").select("paper_revision").where("id", "=", poll.id).executeTakeFirstOrThrow();
  const voters = await db
    .selectFrom("poll_voters")
    .innerJoin("participants", "participants.id", "poll_voters.principal_id")
    .leftJoin("paper_ballots", (join) =>
      join.onRef("paper_ballots.poll_id", "=", "poll_voters.poll_id").onRef("paper_ballots.principal_id", "=", "poll_voters.principal_id"),
    )
    .select(["poll_voters.principal_id", "participants.name", "poll_voters.weight", "paper_ballots.choice"])
    .where("poll_voters.poll_id", "=", poll.id)
    .where("poll_voters.paper", "=", 1)
    .orderBy("participants.name")
    .orderBy("participants.id")
    .execute();
  return {
    pollId: poll.id,
    counts: counts === undefined ? null : (JSON.parse(counts.counts) as AnalogCounts),
    countsEnteredBy: counts?.entered_by ?? null,
    countsEnteredAt: isoOrNull(counts?.entered_at ?? null),
    revision: Number(paper_revision),
    voters: voters.map((row) => ({
      principalId: row.principal_id,
      name: row.name,
      weight: row.weight,
      choice: row.choice === null ? null : parseChoice(row.choice),
    })),
    online: await onlineVoters(db, poll.id),
  };
}

/**
 * One paper entry: the poll locked (FOR UPDATE on PostgreSQL, so ballot
 * batches holding it FOR SHARE and status changes wait), its window checked,
 * `write` applied, then the poll's online and paper ballots checked together
 * inside the transaction, so a refusal rolls the write back.
 */
async function paperEntry(
  ctx: StoreContext,
  pollId: string,
  entry: PaperEntry,
  write: (trx: Executor, poll: Poll) => Promise<void>,
): Promise<PaperVotesRecord> {
  return transact(ctx, async (trx) => {
    const poll = await requirePoll(ctx, trx, pollId, true);
    checkPaperWindow(poll.status, entry);
    await write(trx, poll);
    const paper: PaperVotes = await loadPaperVotes(trx, poll);
    checkPaperVotes(poll, await onlineVoters(trx, poll.id), paper);
    await trx
      .updateTable("polls")
      .set((eb) => ({ paper_revision: eb("paper_revision", "+", 1) }))
      .where("id", "=", poll.id)
      .execute();
    return readRecord(trx, poll);
  });
}

export function setPaperCounts(
  ctx: StoreContext,
  pollId: string,
  counts: AnalogCounts | null,
  enteredBy: string,
): Promise<PaperVotesRecord> {
  return paperEntry(ctx, pollId, "counts", async (trx, poll) => {
    if (counts === null) {
      await trx.deleteFrom("paper_counts").where("poll_id", "=", poll.id).execute();
      return;
    }
    const row = { counts: JSON.stringify(validatePaperCounts(poll, counts)), entered_by: enteredBy, entered_at: ctx.now() };
    if ((await loadPaperCounts(trx, poll.id)) === null)
      await trx
        .insertInto("paper_counts")
        .values({ poll_id: poll.id, ...row })
        .execute();
    else await trx.updateTable("paper_counts").set(row).where("poll_id", "=", poll.id).execute();
  });
}

export function namePaperVoter(
  ctx: StoreContext,
  pollId: string,
  principalId: string,
  choice: BallotChoice | null,
): Promise<PaperVotesRecord> {
  return paperEntry(ctx, pollId, "voters", async (trx, poll) => {
    const participant = await requireParticipant(trx, principalId);
    if (participant.eventId !== poll.eventId) throw new DomainError("not_found", "participant not in this poll's event");
    if (!participant.eligible) throw new DomainError("not_eligible", "this participant has no vote", { participantId: principalId });
    const paperChoice = validatePaperChoice(poll, choice);
    const earlier = await trx
      .selectFrom("poll_voters")
      .select("paper")
      .where("poll_id", "=", poll.id)
      .where("principal_id", "=", principalId)
      .executeTakeFirst();
    if (earlier === undefined) {
      const inserted = await trx
        .insertInto("poll_voters")
        .values({
          poll_id: poll.id,
          principal_id: principalId,
          voter_id: principalId,
          ballot_key_hash: noBallotKey,
          sealed_receipt: "",
          weight: participant.weight,
          voted_at: ctx.now(),
          paper: 1,
        })
        .onConflict((conflict) => conflict.columns(["poll_id", "principal_id"]).doNothing())
        .returning("principal_id")
        .executeTakeFirst();
      if (inserted === undefined) throw alreadyVoted();
    } else if (earlier.paper !== 1) {
      throw alreadyVoted();
    }
    if (paperChoice === null) return;
    const ballot = { choice: JSON.stringify(paperChoice), weight: participant.weight };
    await trx.deleteFrom("paper_ballots").where("poll_id", "=", poll.id).where("principal_id", "=", principalId).execute();
    await trx
      .insertInto("paper_ballots")
      .values({ poll_id: poll.id, principal_id: principalId, ...ballot })
      .execute();
  });
}

const alreadyVoted = () => new DomainError("already_voted", "a ballot was already cast online for this participant in this poll");

export function removePaperVoter(ctx: StoreContext, pollId: string, principalId: string): Promise<PaperVotesRecord> {
  return paperEntry(ctx, pollId, "voters", async (trx, poll) => {
    await trx.deleteFrom("paper_ballots").where("poll_id", "=", poll.id).where("principal_id", "=", principalId).execute();
    const removed = await trx
      .deleteFrom("poll_voters")
      .where("poll_id", "=", poll.id)
      .where("principal_id", "=", principalId)
      .where("paper", "=", 1)
      .returning("principal_id")
      .executeTakeFirst();
    if (removed === undefined) throw new DomainError("not_found", "not a named paper voter of this poll", { participantId: principalId });
  });
}

/** `PaperVotesRepository` over the store's context. */
export class SqlPaperVotes implements PaperVotesRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async get(pollId: string): Promise<PaperVotesRecord> {
    const ctx = this.#ctx();
    return readRecord(ctx.db, await requirePoll(ctx, ctx.db, pollId));
  }
  async setCounts(pollId: string, counts: AnalogCounts | null, enteredBy: string): Promise<PaperVotesRecord> {
    return setPaperCounts(this.#ctx(), pollId, counts, enteredBy);
  }
  async nameVoter(pollId: string, principalId: string, choice: BallotChoice | null): Promise<PaperVotesRecord> {
    return namePaperVoter(this.#ctx(), pollId, principalId, choice);
  }
  async removeVoter(pollId: string, principalId: string): Promise<PaperVotesRecord> {
    return removePaperVoter(this.#ctx(), pollId, principalId);
  }
}
