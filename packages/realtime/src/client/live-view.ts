import { apply, type Json } from "../live/json-patch.ts";
import type { Patch, Snapshot } from "../live/live-views.ts";
import type { ChannelPort } from "./channel-port.ts";

/** `joining` until the first snapshot; `refused` when the server refused the join (the reason is kept). */
export type LiveViewState = "joining" | "synced" | "refused";

/**
 * The browser half of a server-owned view model (the engine's `LiveViews`):
 * the join reply and `snapshot` replies carry a snapshot, `patch` events
 * carry versioned JSON patches.
 *
 * Guarantees: `model` is always a model the server rendered at (`epoch`,
 * `version`): a patch is applied only when its epoch is the one held and its
 * `from` the version held; anything else drops it and asks for a snapshot,
 * once until it arrives. A patch of another epoch (another node's versions,
 * or a restarted server's) is counted in `epochChanges`, a gap or a patch
 * that does not apply in `resyncs`; each (re)join replaces the model with the
 * join reply's snapshot, so a reconnect to any node resyncs. Listeners run
 * after every change of model or state.
 *
 * The channel must come straight from `socket.channel(topic)` and not be
 * joined yet: the live view joins it, and the official client keeps the
 * join's callbacks for every rejoin.
 */
export class LiveView<M, C extends ChannelPort = ChannelPort> {
  readonly #channel: C;
  #epoch: string | null = null;
  #version: number | null = null;
  #model: M | null = null;
  #state: LiveViewState = "joining";
  #refusal: string | null = null;
  #resyncing = false;
  #patches = 0;
  #resyncs = 0;
  #epochChanges = 0;
  readonly #listeners = new Set<() => void>();
  readonly #waiting = new Set<(state: LiveViewState) => void>();
  #started = false;
  #closed = false;

  constructor(channel: C) {
    this.#channel = channel;
    channel.on("patch", (payload) => this.#patch(payload));
  }

  get model(): M | null {
    return this.#model;
  }

  /** Whose versions `version` counts (one server instance's); null before the first snapshot. */
  get epoch(): string | null {
    return this.#epoch;
  }

  /** The version of `model`; null before the first snapshot. */
  get version(): number | null {
    return this.#version;
  }

  get state(): LiveViewState {
    return this.#state;
  }

  get refusal(): string | null {
    return this.#refusal;
  }

  /** Patches applied so far. */
  get patches(): number {
    return this.#patches;
  }

  /** Snapshots asked for after a gap or a patch that did not apply. */
  get resyncs(): number {
    return this.#resyncs;
  }

  /** Snapshots asked for because a patch came from another epoch: not a gap, another server's versions. */
  get epochChanges(): number {
    return this.#epochChanges;
  }

  /** The underlying channel, for a view's other events and pushes. */
  get channel(): C {
    return this.#channel;
  }

  /** Calls `listener` after every change of model or state; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves with the first outcome of the join: `synced` (a model is there) or `refused`. */
  ready(): Promise<LiveViewState> {
    if (this.#state !== "joining") return Promise.resolve(this.#state);
    return new Promise((resolve) => this.#waiting.add(resolve));
  }

  /** Joins the channel. Idempotent; does nothing after `close`. */
  start(): this {
    if (this.#started || this.#closed) return this;
    this.#started = true;
    this.#channel
      .join()
      .receive("ok", (reply) => {
        this.#resyncing = false;
        this.#take(reply);
      })
      .receive("error", (reply) => {
        const reason = (reply as { reason?: unknown } | null | undefined)?.reason;
        this.#refusal = typeof reason === "string" ? reason : "refused";
        this.#state = "refused";
        this.#emit();
      });
    return this;
  }

  /** Leaves the channel and forgets the listeners. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    if (this.#started) this.#channel.leave();
  }

  /** A reply that is not a snapshot changes nothing: the next patch asks again. */
  #take(reply: unknown): void {
    if (!isSnapshot(reply)) return;
    const snapshot = reply;
    this.#epoch = snapshot.epoch;
    this.#version = snapshot.version;
    this.#model = snapshot.model as M;
    this.#state = "synced";
    this.#refusal = null;
    this.#emit();
  }

  #patch(patch: unknown): void {
    if (this.#resyncing || this.#closed) return;
    if (this.#version !== null && isPatch(patch) && patch.epoch !== this.#epoch) {
      this.#epochChanges++;
      this.#resync();
      return;
    }
    if (this.#version === null || !isPatch(patch) || patch.from !== this.#version) {
      this.#resyncs++;
      this.#resync();
      return;
    }
    let next: Json;
    try {
      next = apply(this.#model as Json, patch.ops);
    } catch {
      this.#resyncs++;
      this.#resync();
      return;
    }
    this.#version = patch.version;
    this.#model = next as M;
    this.#patches++;
    this.#emit();
  }

  #resync(): void {
    this.#resyncing = true;
    this.#channel
      .push("snapshot", {})
      .receive("ok", (reply) => {
        this.#resyncing = false;
        this.#take(reply);
      })
      // A lost request is retried by the next patch (or replaced by the rejoin's snapshot).
      .receive("error", () => (this.#resyncing = false))
      .receive("timeout", () => (this.#resyncing = false));
  }

  #emit(): void {
    for (const resolve of this.#waiting) resolve(this.#state);
    this.#waiting.clear();
    for (const listener of this.#listeners) listener();
  }
}

function isSnapshot(value: unknown): value is Snapshot {
  if (typeof value !== "object" || value === null) return false;
  const { epoch, version } = value as Snapshot;
  return typeof epoch === "string" && Number.isInteger(version) && "model" in value;
}

function isPatch(value: unknown): value is Patch {
  if (typeof value !== "object" || value === null) return false;
  const { epoch, from, version, ops } = value as Patch;
  return typeof epoch === "string" && Number.isInteger(from) && Number.isInteger(version) && Array.isArray(ops);
}
