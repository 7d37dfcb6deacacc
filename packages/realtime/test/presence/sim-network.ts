import type { PubSub, PubSubHandler, PubSubMessage } from "../../src/pubsub/pubsub.ts";
import { Subscribers } from "../../src/pubsub/subscribers.ts";
import { assertMessage, assertNodeId, assertSubscription } from "../../src/pubsub/validate.ts";

/** A deterministic pseudo-random source (mulberry32), so failing schedules replay. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An in-memory cluster bus with controllable delivery, driven by (fake)
 * timers: random latency per message but FIFO per sender→receiver link (the
 * PubSub ordering guarantee), random message loss and links that can be cut
 * (at-most-once delivery), and nodes that can vanish abruptly.
 */
export class SimNetwork {
  readonly #nodes = new Map<string, SimPubSub>();
  readonly #links = new Map<string, Link>();
  readonly #cut = new Set<string>();
  readonly #random: () => number;
  readonly #maxLatencyMs: number;
  #lossRate = 0;

  constructor(options: { seed?: number; maxLatencyMs?: number } = {}) {
    this.#random = seededRandom(options.seed ?? 1);
    this.#maxLatencyMs = options.maxLatencyMs ?? 20;
  }

  /** A started node; a node id already attached is replaced (a restart). */
  node(nodeId: string): SimPubSub {
    const node = new SimPubSub(nodeId, this);
    this.#nodes.get(nodeId)?.crash();
    this.#nodes.set(nodeId, node);
    return node;
  }

  /** The node's process dies: nothing more goes from or to it. */
  crash(nodeId: string): void {
    this.#nodes.get(nodeId)?.crash();
    this.#nodes.delete(nodeId);
  }

  /** Cuts both directions between two nodes until `heal`. */
  partition(a: string, b: string): void {
    this.#cut.add(`${a}>${b}`).add(`${b}>${a}`);
  }

  /** Loses each message with probability `rate` (at-most-once delivery) until `heal`. */
  lose(rate: number): void {
    this.#lossRate = rate;
  }

  heal(): void {
    this.#cut.clear();
    this.#lossRate = 0;
  }

  /** @internal used by SimPubSub */
  send(from: SimPubSub, to: string | undefined, message: PubSubMessage): void {
    const wire = structuredClone(message);
    for (const [id, node] of this.#nodes) {
      if (id === from.nodeId || (to !== undefined && id !== to)) continue;
      const name = `${from.nodeId}>${id}`;
      if (this.#cut.has(name) || this.#random() < this.#lossRate) continue;
      let link = this.#links.get(name);
      if (!link) this.#links.set(name, (link = { queue: [], timer: undefined }));
      const latest = link.queue.at(-1)?.at ?? 0;
      link.queue.push({
        at: Math.max(latest, Date.now() + Math.floor(this.#random() * (this.#maxLatencyMs + 1))),
        from,
        node,
        message: wire,
      });
      this.#schedule(name, link);
    }
  }

  /** One timer per link, delivering in queue order: timers alone do not keep FIFO across delays. */
  #schedule(name: string, link: Link): void {
    const head = link.queue[0];
    if (link.timer || !head) return;
    link.timer = setTimeout(
      () => {
        link.timer = undefined;
        while (link.queue[0] && link.queue[0].at <= Date.now()) {
          const { from, node, message } = link.queue.shift()!;
          if (!this.#cut.has(name) && from.alive && this.#nodes.get(node.nodeId) === node) node.receive(message);
        }
        this.#schedule(name, link);
      },
      Math.max(0, head.at - Date.now()),
    );
  }
}

interface Link {
  queue: { at: number; from: SimPubSub; node: SimPubSub; message: PubSubMessage }[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** One node's view of a SimNetwork; behaves like the Redis adapter (local delivery at publish). */
export class SimPubSub implements PubSub {
  readonly nodeId: string;
  readonly #network: SimNetwork;
  readonly #subscribers = new Subscribers();
  #alive = true;

  constructor(nodeId: string, network: SimNetwork) {
    this.nodeId = nodeId;
    this.#network = network;
  }

  get alive(): boolean {
    return this.#alive;
  }

  async start(): Promise<void> {}

  async close(): Promise<void> {
    this.crash();
  }

  /** Vanishes without a word: nothing in flight from or to it is delivered any more. */
  crash(): void {
    this.#alive = false;
    this.#subscribers.clear();
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  subscribe(topic: string, handler: PubSubHandler): () => void {
    assertSubscription(topic, handler);
    return this.#subscribers.add(topic, handler);
  }

  broadcast(message: PubSubMessage): void {
    assertMessage(message);
    if (!this.#alive) return;
    this.#subscribers.deliver(message);
    this.#network.send(this, undefined, message);
  }

  localBroadcast(message: PubSubMessage): void {
    assertMessage(message);
    if (this.#alive) this.#subscribers.deliver(message);
  }

  direct(nodeId: string, message: PubSubMessage): void {
    assertNodeId(nodeId);
    assertMessage(message);
    if (!this.#alive) return;
    if (nodeId === this.nodeId) this.#subscribers.deliver(message);
    else this.#network.send(this, nodeId, message);
  }

  onReconnect(): () => void {
    return () => {};
  }

  /** @internal used by SimNetwork */
  receive(message: PubSubMessage): void {
    if (this.#alive) this.#subscribers.deliver(message);
  }
}
