import type { PresenceDiff, PresenceEntry, PresenceState } from "./types.ts";

interface Change {
  readonly join: boolean;
  readonly entry: PresenceEntry;
}

/**
 * This node's merged view of every node's presences, as watchers see it.
 *
 * Changes are staged and become visible only at `flush`, which emits one diff
 * per changed topic. So `list(topic)` is exactly the state that all diffs
 * emitted so far add up to, and the next diff applies on top of it: a client
 * given `list()` followed by the following diffs ends with `list()` again,
 * metas in the same order (a join appends, as the Phoenix client does).
 *
 * A change and its inverse staged in the same window cancel out.
 */
export class PresenceView {
  /** topic → key → phx_ref → entry, in the order metas became visible. */
  readonly #visible = new Map<string, Map<string, Map<string, PresenceEntry>>>();
  /** topic → phx_ref → staged change, in staging order. */
  #staged = new Map<string, Map<string, Change>>();
  #size = 0;
  /** topic → list, built at most once per window: joiners of a big topic share it. */
  readonly #lists = new Map<string, PresenceState>();

  join(entry: PresenceEntry): void {
    const ref = entry.meta.phx_ref;
    const staged = this.#stagedFor(entry.topic);
    const previous = staged.get(ref);
    if (previous && !previous.join) {
      // Left and came back (e.g. a node seen down then up again): still visible, nothing to tell.
      staged.delete(ref);
    } else if (!previous && !this.#find(entry)) {
      staged.set(ref, { join: true, entry });
    }
  }

  leave(entry: PresenceEntry): void {
    const ref = entry.meta.phx_ref;
    const staged = this.#stagedFor(entry.topic);
    const previous = staged.get(ref);
    if (previous?.join) {
      staged.delete(ref);
      return;
    }
    const visible = this.#find(entry);
    if (!previous && visible) staged.set(ref, { join: false, entry: visible });
  }

  /** Makes staged changes visible and reports one diff per topic whose view changed. */
  flush(emit: (topic: string, diff: PresenceDiff) => void): void {
    const staged = this.#staged;
    this.#staged = new Map();
    for (const [topic, changes] of staged) {
      if (changes.size === 0) continue;
      const diff: PresenceDiff = { joins: Object.create(null), leaves: Object.create(null) };
      // Joins before leaves, like the client's syncDiff, so both orders agree.
      for (const { join, entry } of changes.values()) if (join) this.#show(entry, diff.joins);
      for (const { join, entry } of changes.values()) if (!join) this.#hide(entry, diff.leaves);
      this.#lists.delete(topic);
      emit(topic, diff);
    }
  }

  /** The visible state of a topic; the same frozen object until the topic's next flush. */
  list(topic: string): PresenceState {
    const cached = this.#lists.get(topic);
    if (cached) return cached;
    const state: PresenceState = Object.create(null);
    for (const [key, refs] of this.#visible.get(topic) ?? []) state[key] = Object.freeze({ metas: [...refs.values()].map((e) => e.meta) });
    Object.freeze(state);
    if (this.#visible.has(topic)) this.#lists.set(topic, state);
    return state;
  }

  /** Number of distinct keys (e.g. users) on a topic. */
  count(topic: string): number {
    return this.#visible.get(topic)?.size ?? 0;
  }

  topics(): string[] {
    return [...this.#visible.keys()];
  }

  get topicCount(): number {
    return this.#visible.size;
  }

  /** Number of visible metas on all topics. */
  get size(): number {
    return this.#size;
  }

  #stagedFor(topic: string): Map<string, Change> {
    let staged = this.#staged.get(topic);
    if (!staged) this.#staged.set(topic, (staged = new Map()));
    return staged;
  }

  #find(entry: PresenceEntry): PresenceEntry | undefined {
    return this.#visible.get(entry.topic)?.get(entry.key)?.get(entry.meta.phx_ref);
  }

  #show(entry: PresenceEntry, joins: PresenceState): void {
    let keys = this.#visible.get(entry.topic);
    if (!keys) this.#visible.set(entry.topic, (keys = new Map()));
    let refs = keys.get(entry.key);
    if (!refs) keys.set(entry.key, (refs = new Map()));
    refs.set(entry.meta.phx_ref, entry);
    this.#size++;
    (joins[entry.key] ??= { metas: [] }).metas.push(entry.meta);
  }

  #hide(entry: PresenceEntry, leaves: PresenceState): void {
    const keys = this.#visible.get(entry.topic);
    const refs = keys?.get(entry.key);
    if (!keys || !refs?.delete(entry.meta.phx_ref)) return;
    this.#size--;
    if (refs.size === 0) keys.delete(entry.key);
    if (keys.size === 0) this.#visible.delete(entry.topic);
    (leaves[entry.key] ??= { metas: [] }).metas.push(entry.meta);
  }
}
