import { fork, type ChildProcess } from "node:child_process";
import type { Children } from "../../lib/children.ts";
import { tsxNodeArgs } from "../../lib/node-args.ts";

const EXIT_WITH_RUNNER = new URL("../../lib/exit-with-runner.ts", import.meta.url).pathname;
const START_TIMEOUT_MS = 60_000;

/** First message every bench child sends: it is up (servers add their port). */
export interface Ready {
  readonly ready: true;
  readonly port?: number;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/**
 * A bench process (server under test or load client) run by node directly
 * (so its pid is the one whose /proc figures we read), tied to the runner's
 * life, answering `{id, command}` requests with `{id, ok, result|error}`.
 */
export class IpcChild {
  readonly ready: Ready;
  readonly #child: ChildProcess;
  readonly #children: Children;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 1;

  private constructor(children: Children, child: ChildProcess, ready: Ready) {
    this.#children = children;
    this.#child = child;
    this.ready = ready;
    child.on("message", (reply: Reply) => {
      const waiting = this.#pending.get(reply.id);
      if (!waiting) return;
      this.#pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new Error(`${this.name}: ${reply.error}`));
    });
    child.once("exit", (code, signal) => {
      for (const waiting of this.#pending.values()) waiting.reject(new Error(`${this.name} exited (${code ?? signal})`));
      this.#pending.clear();
    });
  }

  static async start(
    children: Children,
    script: URL,
    env: Record<string, string> = {},
    nodeArgs: readonly string[] = [],
  ): Promise<IpcChild> {
    const child = children.track(
      fork(script.pathname, [], {
        execArgv: [...nodeArgs, ...tsxNodeArgs, "--import", EXIT_WITH_RUNNER],
        env: { ...process.env, ...env },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      }),
    );
    const name = script.pathname.split("/").pop()!;
    const ready = await new Promise<Ready>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      child.once("exit", (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
      child.once("message", (message: Ready) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
    return new IpcChild(children, child, ready);
  }

  get pid(): number {
    return this.#child.pid!;
  }

  get name(): string {
    return `bench process ${this.pid}`;
  }

  ask<T>(command: unknown): Promise<T> {
    if (!this.#child.connected) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#child.send({ id, command });
    });
  }

  stop(): Promise<void> {
    return this.#children.stop(this.#child);
  }
}

/** The child side: announce readiness, then answer each request with `handle`. */
export function serveIpc(handle: (command: never) => Promise<unknown>, ready: Omit<Ready, "ready"> = {}): void {
  process.on("message", (message: { id: number; command: never }) => {
    handle(message.command).then(
      (result) => process.send?.({ id: message.id, ok: true, result }),
      (error: unknown) =>
        process.send?.({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
  process.send?.({ ready: true, ...ready });
}
