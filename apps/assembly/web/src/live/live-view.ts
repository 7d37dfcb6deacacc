import type { Channel, Socket } from "phoenix";
import { apply, type Json, type PatchOp } from "@plenum/realtime/live/json-patch";

/** `joining` until the first snapshot; `refused` when the server refused the join (the reason is kept). */
export type LiveViewState = "joining" | "synced" | "refused";

interface Snapshot {
  version: number;
  model: Json;
}

interface Patch {
  from: number;
  version: number;
  ops: PatchOp[];
}

/**
 * A client mirror of one server-owned view model (see docs/assembly-realtime.md).
 * Guarantees: `model` is always a model the server rendered at `version`:
 * a patch is applied only when its `from` is the version held, anything else
 * (a gap, a patch that does not apply) drops it and asks for a snapshot; each
 * (re)join replaces the model with the join reply's snapshot.
 */
export class LiveView<M> {
  readonly #channel: Channel;
  #version: number | null = null;
  #model: M | null = null;
  #state: LiveViewState = "joining";
  #refusal: string | null = null;
  #resyncing = false;
  readonly #listeners = new Set<() => void>();
  #started = false;
  #closed = false;

  constructor(socket: Socket, topic: string) {
    this.#channel = socket.channel(topic, {});
    this.#channel.on("patch", (payload: Patch) => this.#patch(payload));
  }

  get model(): M | null {
    return this.#model;
  }

  get state(): LiveViewState {
    return this.#state;
  }

  get refusal(): string | null {
    return this.#refusal;
  }

  /** The underlying channel, for a view's other events and pushes (e.g. `vote`, `participants_changed`). */
  get channel(): Channel {
    return this.#channel;
  }

  /** Calls `listener` after every change of model or state; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): this {
    if (this.#started || this.#closed) return this;
    this.#started = true;
    // The phoenix client keeps these hooks for every rejoin, so a reconnect lands here again with a fresh snapshot.
    this.#channel
      .join()
      .receive("ok", (reply: Snapshot) => {
        this.#resyncing = false;
        this.#take(reply);
      })
      .receive("error", (reply: { reason?: string }) => {
        this.#refusal = reply?.reason ?? "refused";
        this.#state = "refused";
        this.#emit();
      });
    return this;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    this.#channel.leave();
  }

  #take(snapshot: Snapshot): void {
    this.#version = snapshot.version;
    this.#model = snapshot.model as M;
    this.#state = "synced";
    this.#refusal = null;
    this.#emit();
  }

  #patch(patch: Patch): void {
    if (this.#resyncing) return;
    if (this.#version === null || patch.from !== this.#version) {
      this.#resync();
      return;
    }
    let next: Json;
    try {
      next = apply(this.#model as Json, patch.ops);
    } catch {
      this.#resync();
      return;
    }
    this.#version = patch.version;
    this.#model = next as M;
    this.#emit();
  }

  #resync(): void {
    this.#resyncing = true;
    this.#channel
      .push("snapshot", {})
      .receive("ok", (reply: Snapshot) => {
        this.#resyncing = false;
        this.#take(reply);
      })
      // A lost request is retried by the next patch (or replaced by the rejoin's snapshot).
      .receive("error", () => (this.#resyncing = false))
      .receive("timeout", () => (this.#resyncing = false));
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}
