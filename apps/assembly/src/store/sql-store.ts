import type { BallotReceipt } from "../domain/ballot.ts";
import { BallotWriter } from "./ballot-writer.ts";
import type { StoreContext } from "./context.ts";
import type { DatabaseHandle } from "./database.ts";
import { SqlOperations } from "./sql-operations.ts";
import type { CastBallotInput, Store, StoreOperations } from "./store.ts";

/** The `Store` over Kysely: the operations, the batched ballot writer, and transactions that bind the operations. */
export class SqlStore extends SqlOperations implements Store {
  readonly dialect: Store["dialect"];
  readonly #open: { context: StoreContext | undefined };
  #closing: Promise<void> | undefined;
  readonly #ballots: BallotWriter;

  constructor(handle: DatabaseHandle, clock: () => number) {
    const context: StoreContext = { db: handle.db, dialect: handle.dialect, now: clock };
    // Shared with the operations, which see the store closed once `context` is cleared.
    const open: { context: StoreContext | undefined } = { context };
    super(() => {
      if (open.context === undefined) throw new Error("store is closed");
      return open.context;
    });
    this.dialect = handle.dialect;
    this.#open = open;
    this.#ballots = new BallotWriter(context);
  }

  /** Lets ballots already submitted commit, then releases the database. */
  close(): Promise<void> {
    if (this.#closing === undefined) {
      const context = this.#open.context;
      this.#open.context = undefined;
      this.#closing = context === undefined ? Promise.resolve() : this.#ballots.close().then(() => context.db.destroy());
    }
    return this.#closing;
  }

  async transaction<T>(work: (tx: StoreOperations) => Promise<T>): Promise<T> {
    const context = this.#open.context;
    if (context === undefined) throw new Error("store is closed");
    return context.db.transaction().execute((trx) => {
      const bound: StoreContext = { ...context, db: trx };
      return work(new SqlOperations(() => bound));
    });
  }

  async castBallot(input: CastBallotInput): Promise<BallotReceipt> {
    return this.#ballots.cast(input);
  }
}
