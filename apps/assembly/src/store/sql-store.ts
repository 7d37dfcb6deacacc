import type { Participant } from "../domain/participant.ts";
import type { BallotSeal } from "./ballot-seal.ts";
import type { MailTokenSeal } from "./mail-token-seal.ts";
import { BallotWriter } from "./ballot-writer.ts";
import { BatchedLookup } from "./batched-lookup.ts";
import {
  BatchedAttendance,
  BatchedBallots,
  BatchedElections,
  BatchedParticipants,
  BatchedPolls,
  BatchedProxies,
  BatchedReads,
} from "./batched-reads.ts";
import type { StoreContext } from "./context.ts";
import type { DatabaseHandle } from "./database.ts";
import { findParticipantsByInvitations, SqlInvitations } from "./invitations-repo.ts";
import { SqlOperations } from "./sql-operations.ts";
import { SqlElections } from "./elections-repo.ts";
import { SqlPolls } from "./polls-repo.ts";
import { SqlProxies } from "./proxies-repo.ts";
import type {
  AttendanceRepository,
  BallotsRepository,
  ElectionsRepository,
  InvitationsRepository,
  ParticipantsRepository,
  PollsRepository,
  ProxiesRepository,
  Store,
  StoreOperations,
} from "./store.ts";
import { FinalTallies } from "./final-tallies.ts";
import { VisiblePolls } from "./visible-polls.ts";
import { WalScrubber } from "./wal-scrubber.ts";

/**
 * The `Store` over Kysely: the operations, the batched ballot writer, batched
 * participant authentication and live-view reads (see batched-reads.ts), and
 * transactions that bind the operations.
 */
export class SqlStore extends SqlOperations implements Store {
  readonly dialect: Store["dialect"];
  readonly #open: { context: StoreContext | undefined };
  #closing: Promise<void> | undefined;
  readonly #writer: BallotWriter;
  override readonly ballots: BallotsRepository;
  override readonly invitations: InvitationsRepository;
  override readonly participants: ParticipantsRepository;
  override readonly attendance: AttendanceRepository;
  override readonly polls: PollsRepository;
  override readonly elections: ElectionsRepository;
  override readonly proxies: ProxiesRepository;

  constructor(handle: DatabaseHandle, clock: () => number, ballotSeal: BallotSeal, mailSeal: MailTokenSeal) {
    const context: StoreContext = {
      db: handle.db,
      dialect: handle.dialect,
      now: clock,
      finalTallies: new FinalTallies(),
      visiblePolls: new VisiblePolls(),
      ballotSeal,
      mailSeal,
      scrubber: new WalScrubber(handle.db, handle.dialect),
    };
    // Shared with the operations, which see the store closed once `context` is cleared.
    const open: { context: StoreContext | undefined } = { context };
    const current = () => {
      if (open.context === undefined) throw new Error("store is closed");
      return open.context;
    };
    super(current);
    this.dialect = handle.dialect;
    this.#open = open;
    const writer = new BallotWriter(context);
    this.#writer = writer;
    const reads = new BatchedReads(current, {
      polls: new SqlPolls(current),
      elections: new SqlElections(current),
      proxies: new SqlProxies(current),
    });
    this.ballots = new BatchedBallots(current, writer, reads);
    this.participants = new BatchedParticipants(current, reads);
    this.attendance = new BatchedAttendance(current, reads);
    this.polls = new BatchedPolls(current, reads);
    this.elections = new BatchedElections(current, reads);
    this.proxies = new BatchedProxies(current, reads);
    // Every request of a burst authenticates: lookups of one event-loop turn, and
    // those asked while one is out, share a query (see `BatchedLookup`).
    const signIns = new BatchedLookup<Participant>((hashes) => findParticipantsByInvitations(current(), hashes));
    this.invitations = new SqlInvitations(current, async (tokenHash) => {
      current();
      return signIns.get(tokenHash);
    });
  }

  /** Lets ballots already submitted commit, then releases the database. */
  close(): Promise<void> {
    if (this.#closing === undefined) {
      const context = this.#open.context;
      this.#open.context = undefined;
      this.#closing = context === undefined ? Promise.resolve() : this.#writer.close().then(() => context.db.destroy());
    }
    return this.#closing;
  }

  async transaction<T>(work: (tx: StoreOperations) => Promise<T>): Promise<T> {
    const context = this.#open.context;
    if (context === undefined) throw new Error("store is closed");
    const result = await context.db.transaction().execute((trx) => {
      const bound: StoreContext = { ...context, db: trx };
      return work(new SqlOperations(() => bound));
    });
    await context.scrubber.flush();
    return result;
  }
}
