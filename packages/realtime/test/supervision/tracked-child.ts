import type { Child, ChildContext, ChildSpec, RestartPolicy } from "../../src/supervision/child.ts";

/**
 * A child spec for tests that records `start:<id>#n` / `close:<id>#n` in a
 * shared event log and hands out each incarnation's context, so a test can
 * make it crash or exit the way real children do.
 */
export class TrackedChild {
  readonly contexts: ChildContext[] = [];
  readonly spec: ChildSpec;
  failNextStart = false;
  /** When set, close() waits for this promise (a slow or hanging child). */
  closeGate: Promise<void> | undefined;

  constructor(
    readonly id: string,
    readonly events: string[],
    options: { restart?: RestartPolicy; shutdownMs?: number } = {},
  ) {
    this.spec = {
      id,
      ...options,
      start: (context): Child => {
        this.contexts.push(context);
        const n = this.contexts.length;
        return {
          start: async () => {
            events.push(`start:${id}#${n}`);
            if (this.failNextStart) {
              this.failNextStart = false;
              throw new Error(`${id} failed to start`);
            }
          },
          close: async () => {
            await this.closeGate;
            events.push(`close:${id}#${n}`);
          },
        };
      },
    };
  }

  get starts(): number {
    return this.contexts.length;
  }

  /** The context of the latest incarnation. */
  get latest(): ChildContext {
    const context = this.contexts.at(-1);
    if (!context) throw new Error(`${this.id} never started`);
    return context;
  }
}
