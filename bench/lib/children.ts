import type { ChildProcess } from "node:child_process";

/**
 * Every child process a run starts (servers, load clients), so they can all
 * be killed whatever way the run ends: normal end, error, SIGINT/SIGTERM.
 */
export class Children {
  readonly #live = new Set<ChildProcess>();

  track(child: ChildProcess): ChildProcess {
    this.#live.add(child);
    child.once("exit", () => this.#live.delete(child));
    return child;
  }

  /** Asks `child` to stop, and kills it if it has not exited after `graceMs`. */
  async stop(child: ChildProcess, graceMs = 3000): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Synchronous, so it also works from an `exit` handler. Safe to call repeatedly. */
  killAll(): void {
    for (const child of this.#live) child.kill("SIGKILL");
    this.#live.clear();
  }
}
