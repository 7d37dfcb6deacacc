/**
 * How the supervisor sees a supervised unit of work.
 *
 * A child is anything with an async `start` and an idempotent async `close`.
 * Node has no process links, so a child reports its own end through the
 * {@link ChildContext} it was created with:
 *
 * - **crash**: the child's run loop hit an error it cannot recover from (an
 *   async exception escaping its loop, a rejected `start()`, or an explicit
 *   `context.crash(error)`). The supervisor closes that incarnation and applies
 *   the restart policy.
 * - **exit**: the child finished its work normally (`context.exit()`).
 *
 * Reports from an incarnation that was already replaced or closed are ignored,
 * so a late callback from a dead run loop can never kill its successor.
 */
export interface Child {
  /** Resolves once the child runs. A rejection counts as a crash. */
  start(): Promise<void>;
  /** Stops the child and releases its timers and handles. Safe to call twice. */
  close(): Promise<void>;
  /** JSON-able state for operator snapshots (e.g. last poll time). */
  describe?(): Record<string, unknown>;
}

/** Handed to a child factory: the child's only way to report its end. */
export interface ChildContext {
  readonly id: string;
  crash(error: unknown): void;
  exit(): void;
}

/**
 * - `permanent`: restarted after a crash or a normal exit.
 * - `transient`: restarted after a crash only; a normal exit removes it.
 * - `temporary`: never restarted; any end removes it.
 */
export type RestartPolicy = "permanent" | "transient" | "temporary";

export interface ChildSpec {
  /** Unique within its supervisor. */
  readonly id: string;
  /** Builds a fresh incarnation; called on first start and on every restart. */
  readonly start: (context: ChildContext) => Child;
  /** Defaults to `permanent`. */
  readonly restart?: RestartPolicy;
  /** How long `close()` may take before the supervisor moves on. Defaults to the supervisor's. */
  readonly shutdownMs?: number;
}
