import { randomBytes } from "node:crypto";
import type { Selectable } from "kysely";
import type { BallotReceipt, CountedBallot } from "../domain/ballot.ts";
import { validateChoice } from "../domain/ballot.ts";
import { authorizeBallot } from "../domain/entitlement.ts";
import { DomainError } from "../domain/errors.ts";
import { principalsOf } from "../domain/proxy.ts";
import { tally } from "../domain/tally.ts";
import { chunks, insertBatchRows, type Executor, type StoreContext } from "./context.ts";
import { requireEvent } from "./events-repo.ts";
import { requireParticipant } from "./participants-repo.ts";
import { requirePoll } from "./polls-repo.ts";
import { loadChain, loadProxyMap } from "./proxies-repo.ts";
import { ballotKeyHash, isReceiptFormat, newReceipt, sealReceipt, unsealReceipt, validateBallotId } from "./receipt-seal.ts";
import { parseChoice } from "./rows.ts";
import type { PollVotersTable } from "./schema.ts";
import { isUniqueViolation } from "./sql-errors.ts";
import type { CastBallotInput, Entitlement, NamedBallot, PollResult, ReceiptCheck } from "./store.ts";

async function findVoterRow(db: Executor, pollId: string, principalId: string): Promise<Selectable<PollVotersTable> | undefined> {
  return db.selectFrom("poll_voters").selectAll().where("poll_id", "=", pollId).where("principal_id", "=", principalId).executeTakeFirst();
}

/** The receipt of an earlier cast with the same ballot id, or `already_voted`. */
function replay(row: Selectable<PollVotersTable>, input: CastBallotInput): BallotReceipt {
  if (row.ballot_key_hash !== ballotKeyHash(input.pollId, input.principalId, input.ballotId)) {
    throw new DomainError("already_voted", "a ballot was already cast for this participant in this poll");
  }
  return {
    pollId: input.pollId,
    principalId: input.principalId,
    ballotId: input.ballotId,
    receipt: unsealReceipt(row.sealed_receipt, input.pollId, input.principalId, input.ballotId),
    weight: row.weight,
  };
}

export async function castBallot(ctx: StoreContext, input: CastBallotInput): Promise<BallotReceipt> {
  validateBallotId(input.ballotId);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const earlier = await findVoterRow(trx, input.pollId, input.principalId);
      if (earlier !== undefined) return replay(earlier, input);
      const poll = await requirePoll(ctx, trx, input.pollId, "share");
      const principal = await requireParticipant(trx, input.principalId);
      if (principal.eventId !== poll.eventId) throw new DomainError("not_found", "participant not in this poll's event");
      const voter = input.voterId === principal.id ? principal : await requireParticipant(trx, input.voterId);
      const presence = await trx.selectFrom("participants").select("present").where("id", "=", voter.id).executeTakeFirstOrThrow();
      const event = await requireEvent(trx, poll.eventId);
      authorizeBallot({
        pollStatus: poll.status,
        settings: event.settings,
        principal,
        voter,
        proxies: await loadChain(trx, principal.id),
        voterPresent: presence.present === 1,
      });
      const choice = validateChoice(poll, input.choice);
      const receipt = newReceipt();
      await trx
        .insertInto("poll_voters")
        .values({
          poll_id: poll.id,
          principal_id: principal.id,
          voter_id: voter.id,
          ballot_key_hash: ballotKeyHash(poll.id, principal.id, input.ballotId),
          sealed_receipt: sealReceipt(receipt, poll.id, principal.id, input.ballotId),
          weight: principal.weight,
          voted_at: ctx.now(),
        })
        .execute();
      await trx
        .insertInto("ballots")
        .values({
          id: randomBytes(16).toString("hex"),
          poll_id: poll.id,
          receipt,
          weight: principal.weight,
          choice: JSON.stringify(choice),
          participant_id: poll.secret ? null : principal.id,
          voter_id: poll.secret ? null : voter.id,
        })
        .execute();
      return { pollId: poll.id, principalId: principal.id, ballotId: input.ballotId, receipt, weight: principal.weight };
    });
  } catch (error) {
    // A concurrent cast for the same principal won the primary key; answer as if we had come second.
    if (!isUniqueViolation(error)) throw error;
    const winner = await findVoterRow(ctx.db, input.pollId, input.principalId);
    if (winner === undefined) throw error;
    return replay(winner, input);
  }
}

export async function verifyReceipt(ctx: StoreContext, receipt: string): Promise<ReceiptCheck> {
  if (!isReceiptFormat(receipt)) return { counted: false, pollId: null };
  const row = await ctx.db.selectFrom("ballots").select("poll_id").where("receipt", "=", receipt).executeTakeFirst();
  return row === undefined ? { counted: false, pollId: null } : { counted: true, pollId: row.poll_id };
}

export async function hasVoted(ctx: StoreContext, pollId: string, principalId: string): Promise<boolean> {
  return (await findVoterRow(ctx.db, pollId, principalId)) !== undefined;
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
      .leftJoin("poll_voters", (join) => join.onRef("poll_voters.principal_id", "=", "participants.id").on("poll_voters.poll_id", "=", pollId))
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

async function countedBallots(db: Executor, pollId: string): Promise<CountedBallot[]> {
  const rows = await db.selectFrom("ballots").select(["choice", "weight"]).where("poll_id", "=", pollId).execute();
  return rows.map((row) => ({ choice: parseChoice(row.choice), weight: row.weight }));
}

export async function tallyPoll(ctx: StoreContext, pollId: string): Promise<PollResult> {
  const poll = await requirePoll(ctx, ctx.db, pollId);
  return { poll, tally: tally(poll, await countedBallots(ctx.db, pollId)) };
}

export async function listNamedBallots(ctx: StoreContext, pollId: string): Promise<NamedBallot[]> {
  const poll = await requirePoll(ctx, ctx.db, pollId);
  if (poll.secret) throw new DomainError("invalid", "a secret poll has no named ballots", { pollId });
  const rows = await ctx.db
    .selectFrom("ballots")
    .innerJoin("participants", "participants.id", "ballots.participant_id")
    .select(["ballots.participant_id", "participants.name", "ballots.voter_id", "ballots.choice", "ballots.weight"])
    .where("ballots.poll_id", "=", pollId)
    .orderBy("participants.name")
    .orderBy("participants.id")
    .execute();
  return rows.map((row) => ({
    participantId: row.participant_id as string,
    name: row.name,
    voterId: row.voter_id as string,
    choice: parseChoice(row.choice),
    weight: row.weight,
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
    .orderBy("agenda_items.position")
    .orderBy("polls.created_at")
    .orderBy("polls.id")
    .execute();
  const results: PollResult[] = [];
  for (const { id } of polls) results.push(await tallyPoll(ctx, id));
  return results;
}
