import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { PresenceState } from "../../src/presence/types.ts";
import { eventually } from "../pubsub/eventually.ts";
import { SHARED_REDIS_URL, testPrefix } from "../pubsub/redis-server.ts";

const FIXTURE = fileURLToPath(new URL("../fixtures/presence-node.ts", import.meta.url));
const TOPIC = "room:lobby";
const PER_NODE = 5;

interface Snapshot {
  list: PresenceState;
  left: string[];
}

/** One real node process (RedisPubSub + Tracker with default timings). */
class NodeProcess {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, (s: Snapshot) => void>();
  #next = 0;
  readonly ready: Promise<void>;

  constructor(
    readonly name: string,
    prefix: string,
  ) {
    this.#child = fork(FIXTURE, [], {
      execArgv: ["--import", "tsx"],
      env: { ...process.env, REDIS_URL: SHARED_REDIS_URL, PREFIX: prefix, NODE_NAME: name, TOPIC, TRACK: String(PER_NODE) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.ready = new Promise((resolve, reject) => {
      this.#child.once("exit", (code) => reject(new Error(`${name} exited early with ${code}`)));
      this.#child.on("message", (m: { ready?: string; id?: number } & Snapshot) => {
        if (m.ready) resolve();
        else if (m.id !== undefined) this.#pending.get(m.id)?.(m);
      });
    });
  }

  snapshot(): Promise<Snapshot> {
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#child.send({ id, cmd: "list" });
    });
  }

  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill("SIGKILL");
  }
}

describe("presence across 3 real node processes and Redis", () => {
  const nodes: NodeProcess[] = [];
  afterAll(() => {
    for (const n of nodes) n.kill();
  });

  it("converges, then removes a SIGKILLed node's presences everywhere within 5 s with leaves", async () => {
    const prefix = testPrefix();
    nodes.push(...["a", "b", "c"].map((name) => new NodeProcess(name, prefix)));
    await Promise.all(nodes.map((n) => n.ready));

    const all = nodes.flatMap((n) => Array.from({ length: PER_NODE }, (_, i) => `${n.name}-user-${i}`)).sort();
    await eventually(async () => {
      for (const n of nodes) expect(Object.keys((await n.snapshot()).list).sort()).toEqual(all);
    }, 10_000);

    const [a, b, c] = nodes as [NodeProcess, NodeProcess, NodeProcess];
    const killedAt = Date.now();
    c.kill();
    const survivors = all.filter((k) => !k.startsWith("c-"));
    await eventually(
      async () => {
        for (const n of [a, b]) {
          const { list, left } = await n.snapshot();
          expect(Object.keys(list).sort()).toEqual(survivors);
          expect(left.filter((k) => k.startsWith("c-")).sort()).toEqual(all.filter((k) => k.startsWith("c-")));
        }
      },
      8_000,
      50,
    );
    expect(Date.now() - killedAt).toBeLessThanOrEqual(5_000);
  }, 30_000);
});
