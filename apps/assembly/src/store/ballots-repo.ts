import { sql } from "kysely";
import type { BallotReceipt, PollBallot } from "../domain/ballot.ts";
import { DomainError } from "../domain/errors.ts";
import { principalsOf } from "../domain/proxy.ts";
import { paperTotals, tallyWithPaper } from "../domain/paper-votes.ts";
import { sumBallots, type BallotTotals, type Tally } from "../domain/tally.ts";
import type { Poll } from "../domain/poll.ts";
import { type BallotWriter, findVoterRow } from "./ballot-writer.ts";
import { chunks, insertBatchRows, type Executor, type StoreContext } from "./context.ts";
import { requireEvent } from "./events-repo.ts";
import { requireParticipant } from "./participants-repo.ts";
import { loadPaperVotes } from "./paper-votes.ts";
import { requirePoll, requirePollRevision } from "./polls-repo.ts";
import { loadProxyMap } from "./proxies-repo.ts";
import { isReceiptFormat } from "../domain/receipt.ts";
import { receiptHash } from "./receipt-seal.ts";
import { parseBallot } from "./rows.ts";
import { secretTotals } from "./secret-ballots.ts";
import type { Entitlement, ReceiptCheck } from "../api/routes/ballots.ts";
import type { BallotReads, BallotsRepository, CastBallotInput, NamedBallot, PollResult } from "./store.ts";

/** Named polls keep the receipt on the choice row; secret polls its hash, apart from the choices. */
export async function verifyReceipt(ctx: StoreContext, receipt: string): Promise<ReceiptCheck> {
  if (!isReceiptFormat(receipt)) return { counted: false, pollId: null };
  const row =
    (await ctx.db.selectFrom("ballots").select("poll_id").where("receipt", "=", receipt).executeTakeFirst()) ??
    (await ctx.db.selectFrom("ballot_receipts").select("poll_id").where("receipt_hash", "=", receiptHash(receipt)).executeTakeFirst());
  return row === undefined ? { counted: false, pollId: null } : { counted: true, pollId: row.poll_id };
}

export async function hasVoted(ctx: StoreContext, pollId: string, principalId: string): Promise<boolean> {
  return (await findVoterRow(ctx.db, pollId, principalId)) !== undefined;
}

/** `hasVoted` for many (poll, principal) pairs, one query per poll: the principals of each poll with a ballot on record. */
export async function votedAmong(
  ctx: StoreContext,
  pairs: readonly { pollId: string; principalId: string }[],
): Promise<Map<string, Set<string>>> {
  const byPoll = new Map<string, string[]>();
  for (const { pollId, principalId } of pairs) {
    const principals = byPoll.get(pollId);
    if (principals) principals.push(principalId);
    else byPoll.set(pollId, [principalId]);
  }
  const voted = new Map<string, Set<string>>();
  await Promise.all(
    [...byPoll].map(async ([pollId, principalIds]) => {
      const rows = await ctx.db
        .selectFrom("poll_voters")
        .select("principal_id")
        .where("poll_id", "=", pollId)
        .where("principal_id", "in", principalIds)
        .execute();
      voted.set(pollId, new Set(rows.map((row) => row.principal_id)));
    }),
  );
  return voted;
}

export async function listEntitlements(ctx: StoreContext, pollId: string, voterId: string): Promise<Entitlement[]> {
  const poll = await requirePoll(ctx, ctx.db, pollId);
  const voter = await requireParticipant(ctx.db, voterId);
  if (voter.eventId !== poll.eventId) throw new DomainError("not_found", "participant not in this poll's event");
  const ids = principalsOf(voterId, await loadProxyMap(ctx.db, poll.eventId));
  const result: Entitlement[] = [];
  for (const batch of chunks(ids, insertBatchRows)) {
    const rows = await ctx.db
      .selectFrom("participants")
      .leftJoin("poll_voters", (join) =>
        join.onRef("poll_voters.principal_id", "=", "participants.id").on("poll_voters.poll_id", "=", pollId),
      )
      .select(["participants.id", "participants.name", "participants.weight", "participants.eligible", "poll_voters.voted_at"])
      .where("participants.id", "in", batch)
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const id of batch) {
      const row = byId.get(id);
      if (row !== undefined) {
        result.push({ principalId: id, name: row.name, weight: row.weight, eligible: row.eligible === 1, hasVoted: row.voted_at !== null });
      }
    }
  }
  return result;
}

async function countedBallots(db: Executor, pollId: string): Promise<PollBallot[]> {
  const rows = await db.selectFrom("ballots").select(["choice", "weight"]).where("poll_id", "=", pollId).execute();
  return rows.map((row) => parseBallot(row.choice, row.weight));
}

/**
 * A secret poll is counted when it closes: until then its ballots are sealed
 * and nobody sees a result, only turnout (from the "has voted" rows).
 */
async function onlineTotals(db: Executor, poll: Poll): Promise<BallotTotals> {
  if (!poll.secret) return sumBallots(poll, await countedBallots(db, poll.id));
  if (poll.status === "draft") return sumBallots(poll, []);
  if (poll.status === "open") {
    throw new DomainError("invalid_transition", "a secret poll is counted when it closes", { pollId: poll.id, status: poll.status });
  }
  return secretTotals(db, poll);
}

/** Online ballots and paper votes together (see domain/paper-votes.ts). */
async function count(db: Executor, poll: Poll): Promise<Tally> {
  const online = await onlineTotals(db, poll);
  return tallyWithPaper(poll, online, paperTotals(poll, await loadPaperVotes(db, poll)));
}

export async function tallyPoll(ctx: StoreContext, pollId: string): Promise<PollResult> {
  const { poll, paperRevision } = await requirePollRevision(ctx, ctx.db, pollId);
  // Inside a transaction the close that made it final might still roll back.
  const final = (poll.status === "closed" || poll.status === "published") && !ctx.db.isTransaction;
  const known = final ? ctx.finalTallies.get(pollId, paperRevision) : undefined;
  if (known !== undefined) return { poll, tally: known };
  const counted = await count(ctx.db, poll);
  if (final) ctx.finalTallies.set(pollId, paperRevision, counted);
  return { poll, tally: counted };
}

/**
 * A named ballot box's choice rows with who cast them, online and on paper
 * in one query (so the database orders them by name alike): the stored
 * choice is the box's to read.
 */
export function namedRows(db: Executor, pollId: string) {
  return db
    .selectFrom("ballots")
    .innerJoin("participants", "participants.id", "ballots.participant_id")
    .select([
      "ballots.participant_id",
      "participants.name",
      "ballots.voter_id",
      "ballots.choice",
      "ballots.weight",
      sql<number>`0`.as("paper"),
    ])
    .where("ballots.poll_id", "=", pollId)
    .unionAll(
      db
        .selectFrom("paper_ballots")
        .innerJoin("participants", "participants.id", "paper_ballots.principal_id")
        .select([
          "paper_ballots.principal_id as participant_id",
          "participants.name",
          "paper_ballots.principal_id as voter_id",
          "paper_ballots.choice",
          "paper_ballots.weight",
          sql<number>`1`.as("paper"),
        ])
        .where("paper_ballots.poll_id", "=", pollId),
    )
    .orderBy("name")
    .orderBy("participant_id")
    .execute();
}

export async function listNamedBallots(ctx: StoreContext, pollId: string): Promise<NamedBallot[]> {
  const poll = await requirePoll(ctx, ctx.db, pollId);
  if (poll.secret) throw new DomainError("invalid", "a secret poll has no named ballots", { pollId });
  const rows = await namedRows(ctx.db, pollId);
  return rows.map((row) => ({
    participantId: row.participant_id as string,
    name: row.name,
    voterId: row.voter_id as string,
    paper: Number(row.paper) === 1,
    ...parseBallot(row.choice, row.weight),
  }));
}

export async function listResults(ctx: StoreContext, eventId: string): Promise<PollResult[]> {
  await requireEvent(ctx.db, eventId);
  const polls = await ctx.db
    .selectFrom("polls")
    .innerJoin("agenda_items", "agenda_items.id", "polls.agenda_item_id")
    .select("polls.id")
    .where("polls.event_id", "=", eventId)
    .where("polls.status", "in", ["closed", "published"])
    // An election's result is its own (see elections-repo.ts), not a tally of options.
    .where("polls.kind", "!=", "election")
    .orderBy("agenda_items.position")
    .orderBy("polls.created_at")
    .orderBy("polls.id")
    .execute();
  const results: PollResult[] = [];
  for (const { id } of polls) results.push(await tallyPoll(ctx, id));
  return results;
}

/** `BallotReads` over the store's context; final tallies are cached per store (`FinalTallies`). */
export class SqlBallotReads implements BallotReads {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async verifyReceipt(receipt: string): Promise<ReceiptCheck> {
    return verifyReceipt(this.#ctx(), receipt);
  }
  async receiptHashes(pollId: string): Promise<string[]> {
    const rows = await this.#ctx()
      .db.selectFrom("ballot_receipts")
      .select("receipt_hash")
      .where("poll_id", "=", pollId)
      .orderBy("receipt_hash")
      .execute();
    return rows.map((row) => row.receipt_hash);
  }
  async hasVoted(pollId: string, principalId: string): Promise<boolean> {
    return hasVoted(this.#ctx(), pollId, principalId);
  }
  async listEntitlements(pollId: string, voterId: string): Promise<Entitlement[]> {
    return listEntitlements(this.#ctx(), pollId, voterId);
  }
  async tally(pollId: string): Promise<PollResult> {
    return tallyPoll(this.#ctx(), pollId);
  }
  async listNamed(pollId: string): Promise<NamedBallot[]> {
    return listNamedBallots(this.#ctx(), pollId);
  }
  async listResults(eventId: string): Promise<PollResult[]> {
    return listResults(this.#ctx(), eventId);
  }
}

/** Ballots of the store: reads as in a transaction, casts through the store's batching `BallotWriter`. */
export class SqlBallots extends SqlBallotReads implements BallotsRepository {
  readonly #writer: BallotWriter;

  constructor(context: () => StoreContext, writer: BallotWriter) {
    super(context);
    this.#writer = writer;
  }

  async cast(input: CastBallotInput): Promise<BallotReceipt> {
    return this.#writer.cast(input);
  }
}
