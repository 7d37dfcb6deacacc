import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { PrivateRedis } from "../../packages/realtime/test/pubsub/redis-server.ts";
import type { OpsStatus } from "../../apps/assembly/src/api/routes/operations.ts";
import { freshDatabase, type BenchDatabase } from "../assembly/lib/databases.ts";
import { IpcChild } from "../assembly/lib/ipc-child.ts";
import type { Children } from "../lib/children.ts";
import { cpuSeconds, rssBytes } from "../lib/proc-stats.ts";
import { httpJson } from "./http.ts";

const APP_SERVER = new URL("../assembly/app-server.ts", import.meta.url);

export interface NodeSample {
  /** Seconds since the run began. */
  readonly t: number;
  readonly node: string;
  readonly rss: number;
  /** CPU seconds used so far. */
  readonly cpu: number;
}

/**
 * The rehearsal's own cluster: a fresh PostgreSQL schema, a private
 * redis-server on a free port (never the machine's: it is restarted), and
 * the real assembly app as separate node processes on both. RSS and CPU of
 * every live node are sampled once a second. `close` removes all of it and
 * is safe twice; `killNow` is the synchronous part, for an exit handler.
 */
export class RehearsalCluster {
  readonly names: readonly string[];
  readonly nodes: IpcChild[];
  readonly alive: boolean[];
  readonly samples: NodeSample[] = [];
  readonly redis: PrivateRedis;
  readonly #db: BenchDatabase;
  readonly #sql: pg.Client;
  readonly #timer: NodeJS.Timeout;
  #closing: Promise<void> | undefined;

  private constructor(
    names: readonly string[],
    nodes: IpcChild[],
    redis: PrivateRedis,
    db: BenchDatabase,
    sql: pg.Client,
    started: number,
  ) {
    this.names = names;
    this.nodes = nodes;
    this.alive = nodes.map(() => true);
    this.redis = redis;
    this.#db = db;
    this.#sql = sql;
    this.#timer = setInterval(() => this.#sample(started), 1_000).unref();
  }

  static async start(children: Children, names: readonly string[], started: number): Promise<RehearsalCluster> {
    const redis = await PrivateRedis.start();
    const db = await freshDatabase("postgres", `rehearsal_${process.pid}`).catch(async (error: unknown) => {
      await redis.kill();
      throw error;
    });
    const sql = new pg.Client({ connectionString: db.env["DATABASE_URL"] });
    const nodes: IpcChild[] = [];
    try {
      await sql.connect();
      const env = {
        ...db.env,
        REDIS_URL: redis.url,
        REDIS_PREFIX: `plenum-rehearsal:${randomUUID().slice(0, 8)}:`,
        BALLOT_SECRET: randomBytes(32).toString("hex"),
        LOG_LEVEL: process.env["NODE_LOG_LEVEL"] ?? "warn",
      };
      // The first node migrates the fresh schema alone; the others then find it ready.
      nodes.push(await IpcChild.start(children, APP_SERVER, { ...env, NODE_ID: names[0]! }));
      nodes.push(...(await Promise.all(names.slice(1).map((name) => IpcChild.start(children, APP_SERVER, { ...env, NODE_ID: name })))));
    } catch (error) {
      for (const node of nodes) process.kill(node.pid, "SIGKILL");
      await sql.end().catch(() => {});
      await redis.kill();
      await db.destroy();
      throw error;
    }
    return new RehearsalCluster(names, nodes, redis, db, sql, started);
  }

  url(i: number): string {
    return `http://127.0.0.1:${this.nodes[i]!.ready.port}`;
  }

  /** The nodes the load balancer may send to. */
  liveUrls(): string[] {
    return this.nodes.map((_, i) => this.url(i)).filter((_, i) => this.alive[i]);
  }

  /** Any live node, for the runner's own requests. */
  anyLive(): IpcChild {
    const i = this.alive.indexOf(true);
    if (i < 0) throw new Error("no node left");
    return this.nodes[i]!;
  }

  /** SIGKILL, no goodbye to the cluster: a crashed machine. */
  kill(i: number): void {
    this.alive[i] = false;
    try {
      process.kill(this.nodes[i]!.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }

  /** Which live node runs `key`'s dashboard tree, from the operator status every node serves; -1 if none says so. */
  async treeOwner(key: string, adminToken: string): Promise<number> {
    const owners = await Promise.all(
      this.nodes.map(async (_, i) => {
        if (!this.alive[i]) return false;
        const answer = await httpJson(`${this.url(i)}/api/ops/status`, { method: "GET", bearer: adminToken });
        const status = answer.body as OpsStatus | undefined;
        return answer.status === 200 && status!.dashboards.keys.some((k) => k.key === key && k.running);
      }),
    );
    return owners.indexOf(true);
  }

  /** Principals with a stored ballot on the poll now (PostgreSQL's "has voted" rows). */
  async voted(pollId: string): Promise<number> {
    const { rows } = await this.#sql.query<{ n: number }>("select count(*)::int as n from poll_voters where poll_id = $1", [pollId]);
    return rows[0]!.n;
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearInterval(this.#timer);
      this.killNow();
      await this.#sql.end().catch(() => {});
      await this.#db.destroy();
    })();
    return this.#closing;
  }

  killNow(): void {
    clearInterval(this.#timer);
    this.nodes.forEach((_, i) => {
      if (this.alive[i]) this.kill(i);
    });
    void this.redis.kill();
  }

  #sample(started: number): void {
    const t = (Date.now() - started) / 1000;
    this.nodes.forEach((node, i) => {
      if (!this.alive[i]) return;
      try {
        this.samples.push({ t, node: this.names[i]!, rss: rssBytes(node.pid), cpu: cpuSeconds(node.pid) });
      } catch {
        // Gone between the check and the read.
      }
    });
  }
}
