import { afterAll, beforeAll, expect, it } from "vitest";
import { LocalPubSub } from "../../src/pubsub/local.ts";
import type { PubSubHandler, PubSubMessage } from "../../src/pubsub/pubsub.ts";
import { RawClient, startEndpoint, type Running } from "../helpers.ts";

/**
 * A bus whose subscriptions take time to be confirmed, like Redis on a real
 * network: until `ready`, messages published on other nodes do not arrive.
 */
class SlowBus extends LocalPubSub {
  readonly #confirmed = new Set<string>();
  readonly #pending = new Map<string, Promise<void>>();

  override subscribe(topic: string, handler: PubSubHandler): () => void {
    if (!this.#confirmed.has(topic) && !this.#pending.has(topic)) {
      const confirmed = new Promise<void>((resolve) => setTimeout(resolve, 100)).then(() => {
        this.#confirmed.add(topic);
        this.#pending.delete(topic);
      });
      this.#pending.set(topic, confirmed);
    }
    return super.subscribe(topic, handler);
  }

  override ready(topic: string): Promise<void> {
    return this.#pending.get(topic) ?? Promise.resolve();
  }

  /** A broadcast published on another node. */
  fromRemote(message: PubSubMessage): void {
    if (this.#confirmed.has(message.topic)) this.localBroadcast(message);
  }
}

const bus = new SlowBus();
let running: Running;
beforeAll(async () => {
  running = await startEndpoint({ pubsub: bus }, (endpoint) => endpoint.channel("room:*", { join: () => ({ ok: {} }) }));
});
afterAll(() => running.close());

it("answers a join only once broadcasts from other nodes reach the channel", async () => {
  const client = await RawClient.connect(running.url);
  client.send(["1", "1", "room:first", "phx_join", {}]);
  await client.waitFor((f) => Array.isArray(f) && f[1] === "1");
  // The client knows it joined: whatever is published now, anywhere, must reach it.
  bus.fromRemote({ topic: "room:first", event: "news", payload: { n: 1 } });
  await client.waitFor((f) => Array.isArray(f) && f[3] === "news", "broadcast right after the join reply");
  expect(client.json().filter((f) => Array.isArray(f) && f[3] === "news")).toHaveLength(1);
  client.close();
});
