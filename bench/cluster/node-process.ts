import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { tsxNodeArgs } from "../lib/node-args.ts";
import { listeningPort } from "../lib/servers.ts";

/** The engine's bench server (room:* contract), the default node script. */
export const BENCH_SERVER = fileURLToPath(new URL("../server.ts", import.meta.url));
const EXIT_WITH_RUNNER = fileURLToPath(new URL("../lib/exit-with-runner.ts", import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface NodeSpec {
  readonly name: string;
  readonly redisUrl: string;
  /** Namespace of the node's Redis channels and keys (`REDIS_PREFIX`). */
  readonly prefix: string;
  /** Any script with the bench server's env contract and "bench server listening" line. */
  readonly script?: string;
  /** Extra environment (e.g. a variant's tuning). */
  readonly env?: Readonly<Record<string, string>>;
  /** Node options first on the command line (e.g. `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
}

/**
 * One cluster node as a real process: `node --import tsx <script>` (no
 * wrapper process, so SIGKILL hits the node itself and /proc figures are
 * its own), bound to a free port. An IPC channel ties its life to the
 * driver's: if the driver dies, even by SIGKILL, the node exits
 * (exit-with-runner.ts).
 */
export class NodeProcess {
  readonly name: string;
  readonly port: number;
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;

  private constructor(name: string, port: number, child: ChildProcess, exited: Promise<void>) {
    this.name = name;
    this.port = port;
    this.#child = child;
    this.#exited = exited;
  }

  static async start(spec: NodeSpec): Promise<NodeProcess> {
    const child = fork(spec.script ?? BENCH_SERVER, [], {
      execArgv: [...(spec.nodeArgs ?? []), ...tsxNodeArgs, "--import", EXIT_WITH_RUNNER],
      env: {
        ...process.env,
        ...spec.env,
        PORT: "0",
        LOG_LEVEL: process.env["NODE_LOG_LEVEL"] ?? "info",
        NODE_NAME: spec.name,
        REDIS_URL: spec.redisUrl,
        REDIS_PREFIX: spec.prefix,
      },
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      const port = await listeningPort(child, spec.name, START_TIMEOUT_MS);
      return new NodeProcess(spec.name, port, child, exited);
    } catch (error) {
      child.kill("SIGKILL");
      throw error;
    }
  }

  get pid(): number {
    return this.#child.pid!;
  }

  get alive(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The child's IPC channel, for variants that answer requests (see singleton-node.ts). */
  get ipc(): ChildProcess {
    return this.#child;
  }

  /** SIGKILL: no goodbye to the cluster, like a crashed machine. Resolves once the process is gone. */
  async kill(): Promise<void> {
    if (this.alive) this.#child.kill("SIGKILL");
    await this.#exited;
  }

  /** SIGTERM (graceful close), SIGKILL after `graceMs`. Safe to call twice. */
  async stop(graceMs = 3_000): Promise<void> {
    if (this.alive) {
      this.#child.kill("SIGTERM");
      const timer = setTimeout(() => this.#child.kill("SIGKILL"), graceMs);
      await this.#exited;
      clearTimeout(timer);
    }
  }
}
