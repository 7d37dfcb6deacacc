import { DomainError } from "../domain/errors.ts";
import type { Election } from "../domain/election/election.ts";
import type { Participant } from "../domain/participant.ts";
import type { Poll } from "../domain/poll.ts";
import type { PresenceChange } from "../domain/attendance.ts";
import type { Proxy } from "../domain/proxy.ts";
import { latestChanges, SqlAttendance } from "./attendance-repo.ts";
import type { BallotWriter } from "./ballot-writer.ts";
import { SqlBallots, votedAmong } from "./ballots-repo.ts";
import { BatchedLookup } from "./batched-lookup.ts";
import type { StoreContext } from "./context.ts";
import { SqlElections } from "./elections-repo.ts";
import { participantRowsById, SqlParticipants } from "./participants-repo.ts";
import { SqlPolls } from "./polls-repo.ts";
import { SqlProxies } from "./proxies-repo.ts";
import type { ParticipantRow } from "./store.ts";

/*
 * The reads a live view of a participant makes, coalesced outside
 * transactions (see `BatchedLookup`): when a batch of ballots commits, every
 * voter's view re-renders at once, and each render asks for the same event's
 * polls, elections and proxies and for its own participant, presence and
 * voted flags. Reads of one turn of the event loop share one query per kind
 * instead of a dozen queries per view. Every read still runs after it was
 * asked for, so it sees every write committed before; nothing is cached.
 * Inside `Store.transaction` the plain repositories read for themselves.
 */

const notFound = (participantId: string) => new DomainError("not_found", "participant not found", { participantId });

/** Identical reads of one batch share one run of `read`; one key's error is its own callers' only. */
function coalesced<V>(read: (key: string) => Promise<V>): (key: string) => Promise<V> {
  const lookup = new BatchedLookup<PromiseSettledResult<V>>(async (keys) => {
    const settled = await Promise.allSettled(keys.map(read));
    return new Map(keys.map((key, i) => [key, settled[i]!]));
  });
  return async (key) => {
    const result = (await lookup.get(key))!;
    if (result.status === "rejected") throw result.reason;
    return result.value;
  };
}

/** One store's batched reads; the repositories below answer from them. */
export class BatchedReads {
  readonly #participants: BatchedLookup<ParticipantRow>;
  readonly #changes: BatchedLookup<PresenceChange>;
  readonly #voted: BatchedLookup<true>;
  readonly polls: (eventId: string) => Promise<Poll[]>;
  readonly elections: (eventId: string) => Promise<Election[]>;
  readonly proxies: (eventId: string) => Promise<Proxy[]>;

  constructor(current: () => StoreContext, plain: { polls: SqlPolls; elections: SqlElections; proxies: SqlProxies }) {
    this.#participants = new BatchedLookup((ids) => participantRowsById(current(), ids));
    this.#changes = new BatchedLookup((ids) => latestChanges(current(), ids));
    this.#voted = new BatchedLookup(async (keys) => {
      const pairs = keys.map((key) => {
        const [pollId = "", principalId = ""] = key.split(" ");
        return { pollId, principalId };
      });
      const voted = await votedAmong(current(), pairs);
      return new Map(keys.filter((_, i) => voted.get(pairs[i]!.pollId)?.has(pairs[i]!.principalId)).map((key) => [key, true as const]));
    });
    this.polls = coalesced((eventId) => plain.polls.list(eventId));
    this.elections = coalesced((eventId) => plain.elections.list(eventId));
    this.proxies = coalesced((eventId) => plain.proxies.list(eventId));
  }

  async participant(participantId: string): Promise<ParticipantRow> {
    const row = await this.#participants.get(participantId);
    if (row === undefined) throw notFound(participantId);
    return row;
  }

  async lastChange(participantId: string): Promise<PresenceChange | null> {
    const [, change] = await Promise.all([this.participant(participantId), this.#changes.get(participantId)]);
    return change ?? null;
  }

  async hasVoted(pollId: string, principalId: string): Promise<boolean> {
    return (await this.#voted.get(`${pollId} ${principalId}`)) === true;
  }
}

export class BatchedParticipants extends SqlParticipants {
  readonly #reads: BatchedReads;

  constructor(context: () => StoreContext, reads: BatchedReads) {
    super(context);
    this.#reads = reads;
  }

  override async get(participantId: string): Promise<Participant> {
    const { present: _present, ...participant } = await this.#reads.participant(participantId);
    return participant;
  }
}

export class BatchedAttendance extends SqlAttendance {
  readonly #reads: BatchedReads;

  constructor(context: () => StoreContext, reads: BatchedReads) {
    super(context);
    this.#reads = reads;
  }

  override async isPresent(participantId: string): Promise<boolean> {
    return (await this.#reads.participant(participantId)).present;
  }

  override async lastChange(participantId: string): Promise<PresenceChange | null> {
    return this.#reads.lastChange(participantId);
  }
}

export class BatchedBallots extends SqlBallots {
  readonly #reads: BatchedReads;

  constructor(context: () => StoreContext, writer: BallotWriter, reads: BatchedReads) {
    super(context, writer);
    this.#reads = reads;
  }

  override async hasVoted(pollId: string, principalId: string): Promise<boolean> {
    return this.#reads.hasVoted(pollId, principalId);
  }
}

export class BatchedPolls extends SqlPolls {
  readonly #reads: BatchedReads;

  constructor(context: () => StoreContext, reads: BatchedReads) {
    super(context);
    this.#reads = reads;
  }

  /** A copy per caller: the batch's callers share what was read. */
  override async list(eventId: string, agendaItemId?: string): Promise<Poll[]> {
    return agendaItemId === undefined ? [...(await this.#reads.polls(eventId))] : super.list(eventId, agendaItemId);
  }
}

export class BatchedElections extends SqlElections {
  readonly #reads: BatchedReads;

  constructor(context: () => StoreContext, reads: BatchedReads) {
    super(context);
    this.#reads = reads;
  }

  override async list(eventId: string): Promise<Election[]> {
    return [...(await this.#reads.elections(eventId))];
  }
}

export class BatchedProxies extends SqlProxies {
  readonly #reads: BatchedReads;

  constructor(context: () => StoreContext, reads: BatchedReads) {
    super(context);
    this.#reads = reads;
  }

  override async list(eventId: string): Promise<Proxy[]> {
    return [...(await this.#reads.proxies(eventId))];
  }
}
