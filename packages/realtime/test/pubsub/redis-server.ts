import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import { eventually } from "./eventually.ts";

/** Address of the shared Redis used by tests (never stopped by them). */
export const SHARED_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A random prefix so parallel test files never share channels. */
export function testPrefix(): string {
  return `plenum-test:${process.pid}:${Math.random().toString(36).slice(2, 10)}:`;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/**
 * A private, disposable redis-server on a random loopback port, so a test can
 * kill and restart "Redis" without touching the machine's shared instance.
 */
export class PrivateRedis {
  readonly port: number;
  #process: ChildProcess | undefined;

  private constructor(port: number) {
    this.port = port;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    const child = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    this.#process = child;
    const failed = new Promise<never>((_, reject) => child.once("error", reject));
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    probe.on("error", () => {});
    try {
      await Promise.race([
        failed,
        eventually(async () => {
          await probe.connect().catch(() => {});
          await probe.ping();
        }, 5_000),
      ]);
    } finally {
      probe.disconnect();
    }
  }

  /** SIGKILL: connections drop without a goodbye, like a crashed server. */
  async kill(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
}
