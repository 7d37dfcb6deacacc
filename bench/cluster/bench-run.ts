import { mkdirSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { PrivateRedis } from "../../packages/realtime/test/pubsub/redis-server.ts";
import { LoadClients } from "./load-clients.ts";
import { NodeProcess, type NodeSpec } from "./node-process.ts";

const RESULTS = fileURLToPath(new URL("../results/", import.meta.url));
const IMAGES = fileURLToPath(new URL("../../docs/img/", import.meta.url));

/**
 * One cluster benchmark's resources: its own redis-server on a random port
 * (never the machine's, so drills may kill it), the node and load-client
 * processes it starts, and where its results go. Everything it started is
 * killed on `close`, on SIGINT/SIGTERM and on exit; `close` twice is safe.
 */
export class BenchRun {
  readonly name: string;
  readonly quick: boolean;
  readonly redis: PrivateRedis;
  /** Redis namespace of this run's nodes. */
  readonly prefix = `plenum-bench:${randomUUID().slice(0, 8)}:`;
  readonly #nodes = new Set<NodeProcess>();
  readonly #clients = new Set<LoadClients>();
  readonly #started = Date.now();
  #closing: Promise<void> | undefined;

  private constructor(name: string, quick: boolean, redis: PrivateRedis) {
    this.name = name;
    this.quick = quick;
    this.redis = redis;
    const abort = (): void => void this.close().finally(() => process.exit(130));
    process.once("SIGINT", abort);
    process.once("SIGTERM", abort);
    process.once("exit", () => this.#killNow());
  }

  static async start(name: string): Promise<BenchRun> {
    const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } }, strict: false });
    return new BenchRun(name, values.quick === true, await PrivateRedis.start());
  }

  log(text: string): void {
    process.stderr.write(`[${this.name} +${((Date.now() - this.#started) / 1000).toFixed(1)}s] ${text}\n`);
  }

  async startNodes(names: readonly string[], spec: Omit<NodeSpec, "name" | "redisUrl" | "prefix"> = {}): Promise<NodeProcess[]> {
    const started = await Promise.allSettled(names.map((name) => this.startNode({ ...spec, name })));
    const failure = started.find((result) => result.status === "rejected");
    if (failure) throw failure.reason;
    return started.map((result) => (result as PromiseFulfilledResult<NodeProcess>).value);
  }

  /** `CLUSTER_NODE_ARGS` (space-separated) go to every node's `node`, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
  async startNode(spec: Omit<NodeSpec, "redisUrl" | "prefix">): Promise<NodeProcess> {
    const nodeArgs = process.env["CLUSTER_NODE_ARGS"]?.split(" ").filter((arg) => arg !== "") ?? [];
    const node = await NodeProcess.start({ nodeArgs, ...spec, redisUrl: this.redis.url, prefix: this.prefix });
    this.#nodes.add(node);
    return node;
  }

  loadClients(size: number): LoadClients {
    const clients = new LoadClients(size);
    this.#clients.add(clients);
    return clients;
  }

  /** Stops every node and load client started so far (the Redis stays). */
  async stopAll(): Promise<void> {
    for (const clients of this.#clients) clients.close();
    this.#clients.clear();
    await Promise.all([...this.#nodes].map((node) => node.stop()));
    this.#nodes.clear();
  }

  /** Writes bench/results/cluster-<name>.json; returns its path. */
  save(result: unknown): string {
    mkdirSync(RESULTS, { recursive: true });
    const path = `${RESULTS}cluster-${this.name}${this.quick ? "-quick" : ""}.json`;
    writeFileSync(path, `${JSON.stringify({ name: this.name, quick: this.quick, at: new Date().toISOString(), result }, null, 2)}\n`);
    return path;
  }

  /** Writes docs/img/<file> (full runs only, so quick runs never overwrite cited plots); returns its path. */
  plot(file: string, svg: string): string | undefined {
    if (this.quick) return undefined;
    mkdirSync(IMAGES, { recursive: true });
    writeFileSync(`${IMAGES}${file}`, svg);
    return `docs/img/${file}`;
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.stopAll();
      await this.redis.kill();
    })();
    return this.#closing;
  }

  #killNow(): void {
    for (const clients of this.#clients) clients.close();
    for (const node of this.#nodes) void node.kill();
    void this.redis.kill();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Source addresses 127.0.0.1 … 127.0.0.<count>, so no single address runs out of ephemeral ports. */
export function loopbackAddresses(count = 32): string[] {
  return Array.from({ length: count }, (_, i) => `127.0.0.${i + 1}`);
}
