import { pino } from "pino";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { LocalPubSub } from "../../src/pubsub/local.ts";
import { pubsubSuite } from "./pubsub.suite.ts";

pubsubSuite("local", {
  maxNodes: 1,
  async create() {
    const node = new LocalPubSub();
    await node.start();
    return [node];
  },
});

describe("LocalPubSub subscriber errors", () => {
  it("isolates a throwing subscriber, counts every throw and logs them at a bounded rate", async () => {
    const lines: string[] = [];
    const registry = new Registry();
    const pubsub = new LocalPubSub({ logger: pino({ level: "warn" }, { write: (line: string) => void lines.push(line) }), registry });
    await pubsub.start();
    const got: number[] = [];
    pubsub.subscribe("t", () => {
      throw new Error("subscriber bug");
    });
    pubsub.subscribe("t", (message) => void got.push((message.payload as { n: number }).n));
    for (let n = 0; n < 3; n++) pubsub.broadcast({ topic: "t", event: "e", payload: { n } });
    expect(got).toEqual([0, 1, 2]);
    expect(await registry.metrics()).toMatch(/^plenum_pubsub_handler_errors_total 3$/m);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msg: "pubsub handler threw",
      topic: "t",
      event: "e",
      err: { message: "subscriber bug" },
    });
    await pubsub.close();
  });
});
