import { SqliteDialect, type DatabaseConnection, type Driver, type TransactionSettings } from "kysely";

/**
 * Kysely's SQLite driver hands its one connection out through a mutex that
 * wakes every waiter on each release, and all but one go back to waiting: with
 * thousands of queries queued (a burst of votes re-rendering thousands of
 * views) each release costs a microtask per waiter, quadratic in the queue.
 * This driver queues callers itself, first come first served, and wakes only
 * the next one, so the inner mutex never has a waiter.
 */
class QueuedConnectionDriver implements Driver {
  readonly #inner: Driver;
  readonly #waiting: (() => void)[] = [];
  #held = false;

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#held) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#held = true;
    try {
      return await this.#inner.acquireConnection();
    } catch (error) {
      this.#handOn();
      throw error;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.releaseConnection(connection);
    } finally {
      this.#handOn();
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }

  /** The connection goes to the longest waiter, still held, or is free. */
  #handOn(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}

/** `SqliteDialect` whose connection is handed out in order, one waiter woken per release. */
export class QueuedSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    return new QueuedConnectionDriver(super.createDriver());
  }
}
