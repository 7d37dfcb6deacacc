import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { PubSub } from "../pubsub/pubsub.ts";
import { diff, type Json, type PatchOp } from "./json-patch.ts";
import { Throttle } from "./throttle.ts";

/**
 * What a client holds: a model and the version it is at. Versions count per
 * topic within one `epoch`, the life of one `LiveViews` (one node, from its
 * start): version 7 of another node or of a restarted one is another model.
 */
export interface Snapshot {
  readonly epoch: string;
  readonly version: number;
  readonly model: Json;
}

/** Pushed as event `patch`: apply `ops` when at version `from` of the same epoch, else ask for a snapshot. */
export interface Patch {
  readonly epoch: string;
  readonly from: number;
  readonly version: number;
  readonly ops: PatchOp[];
}

export interface LiveViewsOptions {
  readonly pubsub: PubSub;
  /** Renders the model of a topic from the source of truth (e.g. SQL). */
  readonly render: (topic: string) => Promise<Json>;
  /** Where patches go: every local subscriber of the topic (encode once). */
  readonly publish: (topic: string, patch: Patch) => void;
  /**
   * At most one render per topic per interval; the last change always
   * renders. A function lets widely watched topics refresh less often than
   * personal ones. Default 250 ms.
   */
  readonly throttleMs?: number | ((topic: string) => number);
  readonly logger: Logger;
  /** PubSub topic carrying invalidations between nodes. */
  readonly busTopic?: string;
  /** Names this instance's versions; default a random UUID, so every node and every restart has its own. */
  readonly epoch?: string;
}

class Model {
  snapshot: Snapshot | undefined;
  readonly throttle: Throttle;
  #rendering: Promise<void> | undefined;
  #dirty = false;
  readonly #renderNow: () => Promise<void>;

  constructor(throttleMs: number, render: () => Promise<void>) {
    this.#renderNow = render;
    this.throttle = new Throttle(throttleMs, () => void this.refresh());
  }

  /** Resolves when no render is in flight. */
  settled(): Promise<void> {
    return this.#rendering?.then(() => this.settled()) ?? Promise.resolve();
  }

  /** Renders, one render at a time; a change during a render renders once more after it. */
  refresh(): Promise<void> {
    if (this.#rendering) {
      this.#dirty = true;
      return this.#rendering;
    }
    this.#rendering = this.#renderNow().finally(() => {
      this.#rendering = undefined;
      if (this.#dirty) {
        this.#dirty = false;
        this.throttle.touch();
      }
    });
    return this.#rendering;
  }
}

/**
 * Server-owned view models, one per topic per node (not per client): a
 * change anywhere in the cluster invalidates the topic on every node, each
 * node re-renders at most once per `throttleMs`, diffs against what its
 * clients hold, and publishes a versioned JSON patch only when something
 * actually changed — never an empty update. Clients that see a version gap
 * (they joined mid-patch) or another epoch (another node's or a restarted
 * server's versions, which are their own) ask for a fresh snapshot.
 */
export class LiveViews {
  /** The epoch of every snapshot and patch of this instance. */
  readonly epoch: string;
  readonly #options: LiveViewsOptions;
  readonly #models = new Map<string, Model>();
  readonly #busTopic: string;
  #unsubscribe: (() => void) | undefined;

  constructor(options: LiveViewsOptions) {
    this.#options = options;
    this.epoch = options.epoch ?? randomUUID();
    this.#busTopic = options.busTopic ?? "plenum:live";
  }

  start(): void {
    this.#unsubscribe ??= this.#options.pubsub.subscribe(this.#busTopic, ({ payload }) => {
      const topic = (payload as { topic?: unknown }).topic;
      if (typeof topic === "string") this.refresh(topic);
    });
  }

  /** Stops rendering and waits for renders in flight, so the source they read can close after. Idempotent. */
  async close(): Promise<void> {
    this.#unsubscribe?.();
    const models = [...this.#models.values()];
    this.#models.clear();
    for (const model of models) model.throttle.close();
    await Promise.all(models.map((model) => model.settled()));
  }

  /** The current snapshot of a topic, rendering it first if this node has none. */
  async snapshot(topic: string): Promise<Snapshot> {
    const model = this.#model(topic);
    if (!model.snapshot) await model.refresh();
    return model.snapshot!;
  }

  /** Something behind `topic` changed, on any node: every node holding it re-renders. */
  invalidate(topic: string): void {
    this.#options.pubsub.broadcast({ topic: this.#busTopic, event: "invalidate", payload: { topic } });
  }

  /** Re-render a topic on this node only (the caller spreads the change itself). */
  refresh(topic: string): void {
    this.#models.get(topic)?.throttle.touch();
  }

  /** Topics this node keeps a model for. */
  topics(): string[] {
    return [...this.#models.keys()];
  }

  /** Stop keeping a topic's model here (its last local subscriber left). */
  release(topic: string): void {
    this.#models.get(topic)?.throttle.close();
    this.#models.delete(topic);
  }

  #model(topic: string): Model {
    let model = this.#models.get(topic);
    if (!model) {
      const interval = this.#options.throttleMs;
      const throttleMs = typeof interval === "function" ? interval(topic) : (interval ?? 250);
      const created: Model = new Model(throttleMs, () => this.#render(topic, created));
      this.#models.set(topic, (model = created));
    }
    return model;
  }

  async #render(topic: string, model: Model): Promise<void> {
    let next: Json;
    try {
      next = await this.#options.render(topic);
    } catch (error) {
      this.#options.logger.error({ err: error, topic }, "live view render failed");
      return;
    }
    if (this.#models.get(topic) !== model) return;
    const previous = model.snapshot;
    if (!previous) {
      model.snapshot = { epoch: this.epoch, version: 1, model: next };
      return;
    }
    const ops = diff(previous.model, next);
    if (ops.length === 0) return;
    model.snapshot = { epoch: this.epoch, version: previous.version + 1, model: next };
    this.#options.publish(topic, { epoch: this.epoch, from: previous.version, version: previous.version + 1, ops });
  }
}
