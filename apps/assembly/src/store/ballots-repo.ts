import { randomBytes } from "node:crypto";
import type { Selectable } from "kysely";
import type { BallotReceipt, CountedBallot } from "../domain/ballot.ts";
import { validateChoice } from "../domain/ballot.ts";
import { authorizeBallot } from "../domain/entitlement.ts";
import { DomainError } from "../domain/errors.ts";
import { principalsOf, type ProxyMap } from "../domain/proxy.ts";
import type { EventSettings } from "../domain/event.ts";
import type { Participant } from "../domain/participant.ts";
import { tally } from "../domain/tally.ts";
import { chunks, insertBatchRows, type Executor, type StoreContext } from "./context.ts";
import { requireEvent } from "./events-repo.ts";
import { requireParticipant } from "./participants-repo.ts";
import { requirePoll } from "./polls-repo.ts";
import { loadChain, loadProxyMap } from "./proxies-repo.ts";
import { ballotKeyHash, isReceiptFormat, newReceipt, sealReceipt, unsealReceipt, validateBallotId } from "./receipt-seal.ts";
import { parseChoice, toParticipant, toPoll } from "./rows.ts";
import type { PollVotersTable } from "./schema.ts";
import { isUniqueViolation } from "./sql-errors.ts";
import type { CastBallotInput, Entitlement, NamedBallot, PollResult, ReceiptCheck } from "./store.ts";

async function findVoterRow(db: Executor, pollId: string, principalId: string): Promise<Selectable<PollVotersTable> | undefined> {
  return db.selectFrom("poll_voters").selectAll().where("poll_id", "=", pollId).where("principal_id", "=", principalId).executeTakeFirst();
}

type VoterRecord = Pick<Selectable<PollVotersTable>, "ballot_key_hash" | "sealed_receipt" | "weight">;

/** The receipt of an earlier cast with the same ballot id, or `already_voted`. */
function replay(row: VoterRecord, input: CastBallotInput): BallotReceipt {
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

/** The principal with, in the same round trip, their earlier vote in the poll and their delegate. */
async function loadPrincipal(trx: Executor, pollId: string, principalId: string) {
  const row = await trx
    .selectFrom("participants")
    .leftJoin("poll_voters", (join) => join.onRef("poll_voters.principal_id", "=", "participants.id").on("poll_voters.poll_id", "=", pollId))
    .leftJoin("proxies", "proxies.principal_id", "participants.id")
    .selectAll("participants")
    .select(["poll_voters.ballot_key_hash", "poll_voters.sealed_receipt", "poll_voters.weight as voted_weight", "proxies.delegate_id"])
    .where("participants.id", "=", principalId)
    .executeTakeFirst();
  if (row === undefined) throw new DomainError("not_found", "participant not found", { participantId: principalId });
  const earlier: VoterRecord | undefined =
    row.ballot_key_hash === null || row.sealed_receipt === null || row.voted_weight === null
      ? undefined
      : { ballot_key_hash: row.ballot_key_hash, sealed_receipt: row.sealed_receipt, weight: row.voted_weight };
  return { participant: toParticipant(row), present: row.present === 1, delegateId: row.delegate_id, earlier };
}

/** The poll and its event's settings; on PostgreSQL the poll row is share-locked so a concurrent close waits for this ballot. */
async function loadPollForBallot(ctx: StoreContext, trx: Executor, pollId: string) {
  let query = trx
    .selectFrom("polls")
    .innerJoin("events", "events.id", "polls.event_id")
    .selectAll("polls")
    .select(["events.allow_proxy_chains", "events.proxy_cap_per_delegate", "events.present_only_voting"])
    .where("polls.id", "=", pollId);
  if (ctx.dialect === "postgres") query = query.forShare("polls");
  const row = await query.executeTakeFirst();
  if (row === undefined) throw new DomainError("not_found", "poll not found", { pollId });
  const settings: EventSettings = {
    allowProxyChains: row.allow_proxy_chains === 1,
    proxyCapPerDelegate: row.proxy_cap_per_delegate,
    presentOnlyVoting: row.present_only_voting === 1,
  };
  return { poll: toPoll(row), settings };
}

/** Without chains one hop is the whole story; with chains the rest is followed from the delegate. */
async function delegationChain(trx: Executor, principalId: string, delegateId: string | null, settings: EventSettings): Promise<ProxyMap> {
  if (delegateId === null) return new Map();
  const chain = new Map([[principalId, delegateId]]);
  if (!settings.allowProxyChains) return chain;
  for (const [from, to] of await loadChain(trx, delegateId)) {
    if (to === principalId) break;
    chain.set(from, to);
  }
  return chain;
}

async function loadVoter(trx: Executor, voterId: string): Promise<{ participant: Participant; present: boolean }> {
  const row = await trx.selectFrom("participants").selectAll().where("id", "=", voterId).executeTakeFirst();
  if (row === undefined) throw new DomainError("not_found", "voter not found", { participantId: voterId });
  return { participant: toParticipant(row), present: row.present === 1 };
}

async function castInTransaction(ctx: StoreContext, trx: Executor, input: CastBallotInput): Promise<BallotReceipt> {
  const principal = await loadPrincipal(trx, input.pollId, input.principalId);
  if (principal.earlier !== undefined) return replay(principal.earlier, input);
  const { poll, settings } = await loadPollForBallot(ctx, trx, input.pollId);
  if (principal.participant.eventId !== poll.eventId) throw new DomainError("not_found", "participant not in this poll's event");
  const voter = input.voterId === input.principalId ? principal : await loadVoter(trx, input.voterId);
  authorizeBallot({
    pollStatus: poll.status,
    settings,
    principal: principal.participant,
    voter: voter.participant,
    proxies: await delegationChain(trx, input.principalId, principal.delegateId, settings),
    voterPresent: voter.present,
  });
  const choice = validateChoice(poll, input.choice);
  const receipt = newReceipt();
  const weight = principal.participant.weight;
  await trx
    .insertInto("poll_voters")
    .values({
      poll_id: poll.id,
      principal_id: input.principalId,
      voter_id: input.voterId,
      ballot_key_hash: ballotKeyHash(poll.id, input.principalId, input.ballotId),
      sealed_receipt: sealReceipt(receipt, poll.id, input.principalId, input.ballotId),
      weight,
      voted_at: ctx.now(),
    })
    .execute();
  await trx
    .insertInto("ballots")
    .values({
      id: randomBytes(16).toString("hex"),
      poll_id: poll.id,
      receipt,
      weight,
      choice: JSON.stringify(choice),
      participant_id: poll.secret ? null : input.principalId,
      voter_id: poll.secret ? null : input.voterId,
    })
    .execute();
  return { pollId: poll.id, principalId: input.principalId, ballotId: input.ballotId, receipt, weight };
}

export async function castBallot(ctx: StoreContext, input: CastBallotInput): Promise<BallotReceipt> {
  validateBallotId(input.ballotId);
  if (ctx.groupCommit !== undefined) return ctx.groupCommit.run((trx) => castInTransaction(ctx, trx, input));
  try {
    return await ctx.db.transaction().execute((trx) => castInTransaction(ctx, trx, input));
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
