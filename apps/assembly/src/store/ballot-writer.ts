import { randomBytes, randomInt } from "node:crypto";
import type { Insertable, Selectable } from "kysely";
import type { BallotReceipt } from "../domain/ballot.ts";
import type { ElectionDefinition } from "../domain/election/definition.ts";
import { authorizeBallot } from "../domain/entitlement.ts";
import { DomainError, isDomainError } from "../domain/errors.ts";
import type { EventSettings } from "../domain/event.ts";
import type { Participant } from "../domain/participant.ts";
import type { ProxyMap } from "../domain/proxy.ts";
import { type BallotBox, type BoxSeal, checkBallot, unlockBox } from "./ballot-box.ts";
import { chunks, insertBatchRows, writeTransaction, type Executor, type StoreContext } from "./context.ts";
import { loadChain } from "./proxies-repo.ts";
import { ballotKeyHash, newReceipt, receiptRandomBytes, sealReceipt, unsealReceipt, validateBallotId } from "./receipt-seal.ts";
import { toParticipant, toPoll } from "./rows.ts";
import type { BallotReceiptsTable, BallotsTable, PollVotersTable, SealedBallotsTable } from "./schema.ts";
import { lockOf, receiptRow, sealedRowRandomBytes } from "./secret-ballots.ts";
import type { CastBallotInput } from "./store.ts";

/**
 * Writes ballots in batches: every cast that arrives while a batch is being
 * committed joins the next one. A batch is one transaction with a few bulk
 * reads and a few multi-row inserts, so one commit (one fsync) carries many
 * ballots, and the choices of a batch are inserted in shuffled order. Secret
 * choices are sealed (see secret-ballots.ts).
 *
 * Guarantees: `cast` settles only after the transaction holding its ballot
 * committed (resolve) or after it was refused or the transaction failed
 * (reject). One ballot per (poll, principal) is enforced by the primary key
 * of poll_voters (`on conflict do nothing`, then the stored winner decides),
 * so concurrent writers (other processes) stay safe.
 */
export class BallotWriter {
  readonly #ctx: StoreContext;
  readonly #maxBatch: number;
  #queue: Pending[] = [];
  #draining: Promise<void> | undefined;
  #closed = false;

  constructor(ctx: StoreContext, maxBatch = 256) {
    this.#ctx = ctx;
    this.#maxBatch = maxBatch;
  }

  cast(input: CastBallotInput): Promise<BallotReceipt> {
    if (this.#closed) return Promise.reject(new Error("store is closed"));
    try {
      validateBallotId(input.ballotId);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<BallotReceipt>((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
      this.#schedule();
    });
  }

  /** Refuses new casts and resolves once every cast already submitted has settled; safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#draining !== undefined) await this.#draining;
  }

  #schedule(): void {
    if (this.#draining !== undefined) return;
    // Drain on the next turn of the event loop: better-sqlite3 commits without
    // yielding, so draining now would batch only this one cast. By then every
    // request read in this I/O phase has joined the batch (one commit, one fsync).
    this.#draining = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.#drain())
      .finally(() => {
        this.#draining = undefined;
        // A cast queued between the last queue check and this callback would otherwise wait forever.
        if (this.#queue.length > 0) this.#schedule();
      });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      let decisions: Decision[];
      try {
        decisions = await writeTransaction(this.#ctx, (trx) =>
          writeBatch(
            this.#ctx,
            trx,
            batch.map((pending) => pending.input),
          ),
        );
      } catch (error) {
        for (const pending of batch) pending.reject(error);
        continue;
      }
      await Promise.all(batch.map((pending, index) => settle(this.#ctx, pending, decisions[index] as Decision)));
    }
  }
}

interface Pending {
  readonly input: CastBallotInput;
  readonly resolve: (receipt: BallotReceipt) => void;
  readonly reject: (error: unknown) => void;
}

type Decision =
  | { readonly kind: "refused"; readonly error: unknown }
  | { readonly kind: "done"; readonly receipt: BallotReceipt }
  | {
      readonly kind: "new";
      readonly voter: Insertable<PollVotersTable>;
      readonly choice: ChoiceRows;
      readonly receipt: BallotReceipt;
    }
  /** Lost the primary key to a ballot written elsewhere (or earlier in the batch): the stored row decides after commit. */
  | { readonly kind: "recheck" };

/** A named poll's choice row, or a secret poll's sealed choice and hashed receipt. */
type ChoiceRows =
  | { readonly named: Insertable<BallotsTable> }
  | { readonly sealed: Insertable<SealedBallotsTable>; readonly receipt: Insertable<BallotReceiptsTable> };

type VoterRecord = Pick<Selectable<PollVotersTable>, "ballot_key_hash" | "sealed_receipt" | "weight" | "voter_id">;

interface PrincipalState {
  readonly participant: Participant;
  readonly present: boolean;
  readonly delegateId: string | null;
  readonly earlier: VoterRecord | undefined;
}

interface PollState extends BallotBox {
  readonly settings: EventSettings;
}

export async function findVoterRow(db: Executor, pollId: string, principalId: string): Promise<Selectable<PollVotersTable> | undefined> {
  return db.selectFrom("poll_voters").selectAll().where("poll_id", "=", pollId).where("principal_id", "=", principalId).executeTakeFirst();
}

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

async function settle(ctx: StoreContext, pending: Pending, decision: Decision): Promise<void> {
  try {
    if (decision.kind === "refused") throw decision.error;
    if (decision.kind !== "recheck") return pending.resolve(decision.receipt);
    const winner = await findVoterRow(ctx.db, pending.input.pollId, pending.input.principalId);
    if (winner === undefined) throw new Error("ballot lost its primary key race but no winner is stored");
    pending.resolve(replay(winner, pending.input));
  } catch (error) {
    pending.reject(error);
  }
}

const ballotRowIdBytes = 16;

const pairKey = (pollId: string, principalId: string): string => `${pollId}\u0000${principalId}`;

/** Each poll of the batch with its event's settings; on PostgreSQL share-locked so a concurrent close waits for this batch. */
async function loadPolls(ctx: StoreContext, trx: Executor, pollIds: readonly string[]): Promise<Map<string, PollState>> {
  const polls = new Map<string, PollState>();
  for (const pollId of pollIds) {
    let query = trx
      .selectFrom("polls")
      .innerJoin("events", "events.id", "polls.event_id")
      .leftJoin("elections", "elections.poll_id", "polls.id")
      .selectAll("polls")
      .select(["events.allow_proxy_chains", "events.proxy_cap_per_delegate", "events.present_only_voting", "elections.definition"])
      .where("polls.id", "=", pollId);
    if (ctx.dialect === "postgres") query = query.forShare("polls");
    const row = await query.executeTakeFirst();
    if (row === undefined) continue;
    polls.set(pollId, {
      poll: toPoll(row),
      settings: {
        allowProxyChains: row.allow_proxy_chains === 1,
        proxyCapPerDelegate: row.proxy_cap_per_delegate,
        presentOnlyVoting: row.present_only_voting === 1,
      },
      lock: lockOf(row),
      election: row.definition === null ? null : (JSON.parse(row.definition) as ElectionDefinition),
    });
  }
  return polls;
}

/** Principals with, in the same query, their earlier vote in the poll and their delegate. */
async function loadPrincipals(trx: Executor, inputs: readonly CastBallotInput[]): Promise<Map<string, PrincipalState>> {
  const byPoll = new Map<string, Set<string>>();
  for (const input of inputs) byPoll.set(input.pollId, (byPoll.get(input.pollId) ?? new Set()).add(input.principalId));
  const principals = new Map<string, PrincipalState>();
  for (const [pollId, ids] of byPoll) {
    for (const batch of chunks([...ids], insertBatchRows)) {
      const rows = await trx
        .selectFrom("participants")
        .leftJoin("poll_voters", (join) =>
          join.onRef("poll_voters.principal_id", "=", "participants.id").on("poll_voters.poll_id", "=", pollId),
        )
        .leftJoin("proxies", "proxies.principal_id", "participants.id")
        .selectAll("participants")
        .select([
          "poll_voters.ballot_key_hash",
          "poll_voters.sealed_receipt",
          "poll_voters.weight as voted_weight",
          "poll_voters.voter_id as voted_by",
          "proxies.delegate_id",
        ])
        .where("participants.id", "in", batch)
        .execute();
      for (const row of rows) {
        const earlier =
          row.ballot_key_hash === null || row.sealed_receipt === null || row.voted_weight === null || row.voted_by === null
            ? undefined
            : {
                ballot_key_hash: row.ballot_key_hash,
                sealed_receipt: row.sealed_receipt,
                weight: row.voted_weight,
                voter_id: row.voted_by,
              };
        principals.set(pairKey(pollId, row.id), {
          participant: toParticipant(row),
          present: row.present === 1,
          delegateId: row.delegate_id,
          earlier,
        });
      }
    }
  }
  return principals;
}

async function loadVoters(trx: Executor, ids: readonly string[]): Promise<Map<string, { participant: Participant; present: boolean }>> {
  const voters = new Map<string, { participant: Participant; present: boolean }>();
  for (const batch of chunks([...new Set(ids)], insertBatchRows)) {
    const rows = await trx.selectFrom("participants").selectAll().where("id", "in", batch).execute();
    for (const row of rows) voters.set(row.id, { participant: toParticipant(row), present: row.present === 1 });
  }
  return voters;
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

function shuffled<T>(items: readonly T[]): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}

/** Rows in random order, in multi-row inserts: insertion order says nothing about cast order. */
async function insertShuffled<R>(rows: readonly R[], insert: (batch: R[]) => Promise<unknown>): Promise<void> {
  for (const batch of chunks(shuffled(rows), insertBatchRows)) await insert(batch);
}

async function writeBatch(ctx: StoreContext, trx: Executor, inputs: readonly CastBallotInput[]): Promise<Decision[]> {
  const polls = await loadPolls(ctx, trx, [...new Set(inputs.map((input) => input.pollId))]);
  const principals = await loadPrincipals(trx, inputs);
  const voters = await loadVoters(
    trx,
    inputs.filter((input) => input.voterId !== input.principalId).map((input) => input.voterId),
  );
  const claimed = new Set<string>();
  const now = ctx.now();
  // One draw of system randomness for the batch rather than a few per ballot.
  const entropy = randomBytes(inputs.length * (receiptRandomBytes + ballotRowIdBytes + sealedRowRandomBytes));
  let drawn = 0;
  const draw = (bytes: number): Buffer => entropy.subarray(drawn, (drawn += bytes));
  // A secret poll's key, once per batch: a wrong ballot secret refuses that poll's new ballots, and only those.
  const seals = new Map<string, BoxSeal | Error>();
  const sealOf = (box: PollState): BoxSeal | Error => {
    let seal = seals.get(box.poll.id);
    if (seal === undefined) {
      try {
        seal = unlockBox(ctx, box);
      } catch (error) {
        seal = error instanceof Error ? error : new Error(String(error));
      }
      seals.set(box.poll.id, seal);
    }
    return seal;
  };

  async function decide(input: CastBallotInput): Promise<Decision> {
    const key = pairKey(input.pollId, input.principalId);
    const principal = principals.get(key);
    if (principal === undefined) throw new DomainError("not_found", "participant not found", { participantId: input.principalId });
    // Whoever cast the stored ballot may retry it, even after the poll closed.
    if (principal.earlier?.voter_id === input.voterId) return { kind: "done", receipt: replay(principal.earlier, input) };
    const state = polls.get(input.pollId);
    if (state === undefined) throw new DomainError("not_found", "poll not found", { pollId: input.pollId });
    const { poll, settings } = state;
    if (principal.participant.eventId !== poll.eventId) throw new DomainError("not_found", "participant not in this poll's event");
    const voter = input.voterId === input.principalId ? principal : voters.get(input.voterId);
    if (voter === undefined) throw new DomainError("not_found", "voter not found", { participantId: input.voterId });
    // Entitlement before the duplicate checks: only who may cast this ballot learns whether it was cast.
    authorizeBallot({
      pollStatus: poll.status,
      settings,
      principal: principal.participant,
      voter: voter.participant,
      proxies: await delegationChain(trx, input.principalId, principal.delegateId, settings),
      voterPresent: voter.present,
    });
    if (principal.earlier !== undefined) return { kind: "done", receipt: replay(principal.earlier, input) };
    if (claimed.has(key)) return { kind: "recheck" };
    const weight = principal.participant.weight;
    const checked = checkBallot(state, input, weight);
    const seal = poll.secret ? sealOf(state) : undefined;
    if (seal instanceof Error) return { kind: "refused", error: seal };
    // Sealed before the principal is claimed: a ballot the plaintext has no room for is refused, not half-written.
    const sealed = seal?.sealedRow(checked, draw(sealedRowRandomBytes));
    claimed.add(key);
    const receipt = newReceipt(draw(receiptRandomBytes));
    return {
      kind: "new",
      voter: {
        poll_id: poll.id,
        principal_id: input.principalId,
        voter_id: input.voterId,
        ballot_key_hash: ballotKeyHash(poll.id, input.principalId, input.ballotId),
        sealed_receipt: sealReceipt(receipt, poll.id, input.principalId, input.ballotId),
        weight,
        voted_at: now,
      },
      choice:
        sealed === undefined
          ? {
              named: {
                id: draw(ballotRowIdBytes).toString("hex"),
                poll_id: poll.id,
                receipt,
                weight,
                choice: checked.json,
                participant_id: input.principalId,
                voter_id: input.voterId,
              },
            }
          : { sealed, receipt: receiptRow(poll.id, receipt) },
      receipt: { pollId: poll.id, principalId: input.principalId, ballotId: input.ballotId, receipt, weight },
    };
  }

  const decisions: Decision[] = [];
  for (const input of inputs) {
    try {
      decisions.push(await decide(input));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      decisions.push({ kind: "refused", error });
    }
  }

  // Key order keeps concurrent writers from deadlocking on each other's rows.
  const fresh = decisions
    .flatMap((decision) => (decision.kind === "new" ? [decision] : []))
    .sort((a, b) => (pairKey(a.voter.poll_id, a.voter.principal_id) < pairKey(b.voter.poll_id, b.voter.principal_id) ? -1 : 1));
  const stored = new Set<string>();
  for (const batch of chunks(fresh, insertBatchRows)) {
    const rows = await trx
      .insertInto("poll_voters")
      .values(batch.map((decision) => decision.voter))
      .onConflict((conflict) => conflict.columns(["poll_id", "principal_id"]).doNothing())
      .returning(["poll_id", "principal_id"])
      .execute();
    for (const row of rows) stored.add(pairKey(row.poll_id, row.principal_id));
  }
  const choices = fresh
    .filter((decision) => stored.has(pairKey(decision.voter.poll_id, decision.voter.principal_id)))
    .map((decision) => decision.choice);
  const named = choices.flatMap((rows) => ("named" in rows ? [rows.named] : []));
  const secret = choices.flatMap((rows) => ("sealed" in rows ? [rows] : []));
  await insertShuffled(named, (batch) => trx.insertInto("ballots").values(batch).execute());
  await insertShuffled(
    secret.map((rows) => rows.sealed),
    (batch) => trx.insertInto("sealed_ballots").values(batch).execute(),
  );
  await insertShuffled(
    secret.map((rows) => rows.receipt),
    (batch) => trx.insertInto("ballot_receipts").values(batch).execute(),
  );
  return decisions.map((decision) =>
    decision.kind === "new" && !stored.has(pairKey(decision.voter.poll_id, decision.voter.principal_id)) ? { kind: "recheck" } : decision,
  );
}
