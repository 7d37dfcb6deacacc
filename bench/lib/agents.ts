import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Children } from "./children.ts";
import { tsxNodeArgs } from "./node-args.ts";
import type { Command, Reply } from "../clients/messages.ts";

const AGENT = fileURLToPath(new URL("../clients/agent.ts", import.meta.url));

/** Load-client processes (bench/clients/agent.ts) and a request/reply channel to each. */
export class Agents {
  readonly size: number;
  readonly #procs: ChildProcess[];
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 1;

  constructor(children: Children, size: number) {
    this.size = size;
    this.#procs = Array.from({ length: size }, () => {
      const child = children.track(fork(AGENT, [], { execArgv: [...tsxNodeArgs], stdio: ["ignore", "inherit", "inherit", "ipc"] }));
      child.on("message", (reply: Reply) => {
        const waiting = this.#pending.get(reply.id);
        if (!waiting) return;
        this.#pending.delete(reply.id);
        if (reply.ok) waiting.resolve(reply.result);
        else waiting.reject(new Error(`load client: ${reply.error}`));
      });
      child.once("exit", (code, signal) => {
        for (const waiting of this.#pending.values()) waiting.reject(new Error(`load client exited (${code ?? signal})`));
        this.#pending.clear();
      });
      return child;
    });
  }

  /** Load clients' process ids (their CPU is reported next to the server's). */
  get pids(): number[] {
    return this.#procs.map((p) => p.pid!);
  }

  ask<T>(agent: number, command: Command): Promise<T> {
    const child = this.#procs[agent];
    if (!child?.connected) return Promise.reject(new Error(`load client ${agent} is not running`));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, command });
    });
  }

  /** The same command (or one built per agent) to every agent, answered together. */
  all<T>(command: Command | ((agent: number) => Command)): Promise<T[]> {
    return Promise.all(this.#procs.map((_, i) => this.ask<T>(i, typeof command === "function" ? command(i) : command)));
  }
}
