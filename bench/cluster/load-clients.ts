import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { tsxNodeArgs } from "../lib/node-args.ts";
import type { LoadCommand, LoadReply, StreamStats } from "./load-protocol.ts";

const SCRIPT = fileURLToPath(new URL("./load-client.ts", import.meta.url));

/**
 * `size` load-client processes (load-client.ts) and a request/reply channel
 * to each. They exit with the runner (IPC disconnect); `close` kills them now.
 */
export class LoadClients {
  readonly #procs: ChildProcess[];
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 1;

  constructor(size: number) {
    this.#procs = Array.from({ length: size }, () => {
      const child = fork(SCRIPT, [], { execArgv: [...tsxNodeArgs], stdio: ["ignore", "inherit", "inherit", "ipc"] });
      child.on("message", (reply: LoadReply) => {
        const waiting = this.#pending.get(reply.id);
        this.#pending.delete(reply.id);
        if (reply.ok) waiting?.resolve(reply.result);
        else waiting?.reject(new Error(`load client: ${reply.error}`));
      });
      child.once("exit", (code, signal) => {
        for (const waiting of this.#pending.values()) waiting.reject(new Error(`load client exited (${code ?? signal})`));
        this.#pending.clear();
      });
      return child;
    });
  }

  get size(): number {
    return this.#procs.length;
  }

  get pids(): number[] {
    return this.#procs.map((child) => child.pid!);
  }

  ask<T>(index: number, command: LoadCommand): Promise<T> {
    const child = this.#procs[index];
    if (!child?.connected) return Promise.reject(new Error(`load client ${index} is not running`));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, command });
    });
  }

  /** The same command, or one per client, to every client; answers in client order. */
  all<T>(command: LoadCommand | ((index: number) => LoadCommand)): Promise<T[]> {
    return Promise.all(this.#procs.map((_, i) => this.ask<T>(i, typeof command === "function" ? command(i) : command)));
  }

  /** All clients' stream stats as one: sockets listed together, counts and CPU summed, latency per node url combined. */
  async stats(): Promise<StreamStats> {
    const all = await this.all<StreamStats>({ type: "stats" });
    const latency: Record<string, [number, number][]> = {};
    for (const stats of all) for (const [url, sparse] of Object.entries(stats.latency)) (latency[url] ??= []).push(...sparse);
    const started = all.map((stats) => stats.firstAt).filter((at) => at > 0);
    return {
      sockets: all.flatMap((stats) => stats.sockets),
      latency,
      received: all.reduce((sum, stats) => sum + stats.received, 0),
      firstAt: started.length > 0 ? Math.min(...started) : 0,
      lastAt: Math.max(...all.map((stats) => stats.lastAt)),
      presenceFrames: all.reduce((sum, stats) => sum + stats.presenceFrames, 0),
      listsRefused: all.reduce((sum, stats) => sum + stats.listsRefused, 0),
      cpuSeconds: all.reduce((sum, stats) => sum + stats.cpuSeconds, 0),
    };
  }

  /**
   * Stats once `atLeast` deliveries arrived, or once deliveries stopped
   * growing for `quietMs`, or after `timeoutMs`: a slow client must not
   * count in-flight messages as lost.
   */
  async settled(options: { atLeast: number; quietMs: number; timeoutMs: number }): Promise<StreamStats> {
    const deadline = Date.now() + options.timeoutMs;
    let stats = await this.stats();
    let changedAt = Date.now();
    while (stats.received < options.atLeast && Date.now() < deadline && Date.now() - changedAt < options.quietMs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const next = await this.stats();
      if (next.received !== stats.received) changedAt = Date.now();
      stats = next;
    }
    return stats;
  }

  /** Synchronous so it also works from an exit handler. Safe to call twice. */
  close(): void {
    for (const child of this.#procs) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}
