import {
  holdsLease,
  idle,
  transition,
  type SingletonAction,
  type SingletonEvent,
  type SingletonState,
  type SingletonTimer,
  type SingletonTimings,
} from "../../src/supervision/singleton-state.ts";

/** One node's machine in the simulation, with what its interpreter would own. */
export interface SimNode {
  readonly id: string;
  state: SingletonState;
  /** Armed timers: name → generation (a cancelled or replaced timer's firing is dropped). */
  readonly timers: Map<SingletonTimer, number>;
  /** Deliveries due before this instant wait until it (a GC pause, a SIGSTOP). */
  pausedUntil: number;
  /** The token of the tree started and not yet stopped. */
  tree: number | null;
  /** Everything the machine did, in order. */
  readonly trace: Array<{ at: number; event: SingletonEvent; before: SingletonState; actions: readonly SingletonAction[] }>;
}

interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
}

/**
 * A cluster of key machines on a simulated clock, around a model of the lease
 * store with the contract of `LeaseStore` (compare-and-set renew/release,
 * tokens that only grow). Store calls take a random one-way latency each way
 * and time out like the interpreter's `withTimeout`: a request that times out
 * still reaches the store. Every step is checked against the cluster-wide
 * guarantees; `violations` lists what broke.
 */
export class ClusterSim {
  now = 0;
  readonly nodes: SimNode[];
  readonly violations: string[] = [];
  /** Every change of holder, as the store saw it: who got which token when. */
  readonly grants: Array<{ at: number; owner: string; token: number }> = [];
  lease: { owner: string; token: number; expiresAt: number } | null = null;
  /** The cluster-wide viewer count (see {@link setViewers}). */
  viewers = 0;
  /** One-way latency of a store call; replaceable mid-run (a slow store). */
  latency: () => number;
  /** The node rendezvous hashing prefers for the key, which asks holders to hand it over; null: no placement. */
  preferred: SimNode | null;
  readonly #timings: SingletonTimings;
  readonly #random: () => number;
  #tokens = 0;
  #seq = 0;
  #generation = 0;
  #queue: Scheduled[] = [];

  constructor(options: { readonly nodes: number; readonly timings: SingletonTimings; readonly random: () => number }) {
    this.#timings = options.timings;
    this.#random = options.random;
    this.latency = () => this.#random() * 5;
    this.nodes = Array.from({ length: options.nodes }, (_, i) => ({
      id: `n${i}`,
      state: idle,
      timers: new Map(),
      pausedUntil: 0,
      tree: null,
      trace: [],
    }));
    this.preferred = this.nodes[0] ?? null;
  }

  /** Runs everything due up to `until`, in time order. */
  runUntil(until: number): void {
    for (let next = this.#queue[0]; next && next.at <= until; next = this.#queue[0]) {
      this.#queue.shift();
      this.now = next.at;
      next.run();
    }
    this.now = until;
  }

  /** Hands `event` to `node` after `delay`, or when its pause ends. */
  deliver(node: SimNode, event: SingletonEvent, delay = 0): void {
    this.#at(delay, () => this.#arrive(node, () => event));
  }

  /**
   * Sets the cluster-wide viewer count; each node hears of it after its own
   * presence delay and reads the count then (as `Viewers.count` is read on
   * each change), so late notifications cannot bring back an old count.
   */
  setViewers(count: number, placementStepMs: number): void {
    this.viewers = count;
    for (const [rank, node] of this.nodes.entries()) {
      this.#at(this.#random() * 20, () =>
        this.#arrive(node, () => ({ kind: "viewers", count: this.viewers, placementDelayMs: rank * placementStepMs })),
      );
    }
  }

  #arrive(node: SimNode, event: () => SingletonEvent): void {
    if (node.pausedUntil > this.now) this.#at(node.pausedUntil - this.now, () => this.#arrive(node, event));
    else this.#step(node, event());
  }

  #at(delay: number, run: () => void): void {
    const item = { at: this.now + Math.max(0, delay), seq: ++this.#seq, run };
    const index = this.#queue.findIndex((other) => other.at > item.at);
    this.#queue.splice(index === -1 ? this.#queue.length : index, 0, item);
  }

  #step(node: SimNode, event: SingletonEvent): void {
    const before = node.state;
    const { state, actions } = transition(before, event, { now: this.now, timings: this.#timings });
    node.state = state;
    node.trace.push({ at: this.now, event, before, actions });
    this.#checkStep(node, before, event, actions);
    for (const action of actions) this.#perform(node, action);
    this.#checkCluster();
  }

  #checkStep(node: SimNode, before: SingletonState, event: SingletonEvent, actions: readonly SingletonAction[]): void {
    const fail = (what: string) => this.violations.push(`${this.now.toFixed(1)} ${node.id}: ${what} (${before.kind} + ${event.kind})`);
    if (before.kind === "stopped" && (node.state.kind !== "stopped" || actions.length > 0)) fail("a stopped key acted again");
    const lost =
      (event.kind === "leaseLost" && before.kind === "leading" && event.token === before.token) ||
      (event.kind === "timer" && event.timer === "deadline" && before.kind === "leading");
    if (lost && (node.state.kind === "leading" || !actions.some((action) => action.kind === "stopTree"))) {
      fail("a lost lease did not stop the tree");
    }
    for (const action of actions) {
      if (action.kind === "startTree" && node.tree !== null) fail(`tree ${action.token} started while tree ${node.tree} runs`);
      if (action.kind === "acquire" && node.tree !== null) fail("acquire while a tree runs");
    }
  }

  /**
   * At most one node acts for the lease at any instant, and only while the
   * store names it the owner. The store's token may be newer than the
   * holder's: a request of its own that timed out can reach the store late
   * (a client retrying after a reconnect) and re-acquire; the holder's
   * publishes and renewals are then refused, which stops its tree.
   */
  #checkCluster(): void {
    const holders = this.nodes.filter((node) => node.state.kind === "leading" && holdsLease(node.state, node.state.token, this.now));
    if (holders.length > 1) this.violations.push(`${this.now.toFixed(1)}: ${holders.map((node) => node.id).join(", ")} hold at once`);
    const live = this.lease && this.lease.expiresAt > this.now ? this.lease : null;
    for (const holder of holders) {
      const token = holder.state.kind === "leading" ? holder.state.token : -1;
      if (live?.owner !== holder.id || live.token < token) {
        this.violations.push(`${this.now.toFixed(1)}: ${holder.id} acts for token ${token} but the store has ${JSON.stringify(live)}`);
      }
    }
  }

  #perform(node: SimNode, action: SingletonAction): void {
    const { renewMs, retryMs } = this.#timings;
    switch (action.kind) {
      case "acquire": {
        const sentAt = this.now;
        this.#call(
          node,
          renewMs,
          () => this.#acquire(node.id),
          (token) => (token === null ? { kind: "acquireFailed", preferred: node === this.preferred } : { kind: "acquired", token, sentAt }),
        );
        return;
      }
      case "renew": {
        const sentAt = this.now;
        const { token } = action;
        this.#call(
          node,
          action.timeoutMs,
          () => this.#renew(node.id, token),
          (renewed) =>
            renewed === null
              ? { kind: "renewFailed", token }
              : renewed
                ? { kind: "renewed", token, sentAt }
                : { kind: "leaseLost", token, reason: "renewal refused" },
        );
        return;
      }
      case "startTree":
        node.tree = action.token;
        return;
      case "stopTree": {
        const closeMs = node.tree === action.token ? this.#random() * 20 : 0;
        node.tree = null;
        const { token } = action;
        this.#at(closeMs, () =>
          this.#call(
            node,
            renewMs,
            () => this.#release(node.id, token),
            () => ({ kind: "treeStopped" }),
          ),
        );
        return;
      }
      case "schedule": {
        const generation = ++this.#generation;
        const { timer } = action;
        node.timers.set(timer, generation);
        const jitter = timer === "retry" ? this.#random() * retryMs * 0.2 : 0;
        this.#at(action.ms + jitter, () => this.#fire(node, timer, generation));
        return;
      }
      case "cancel":
        node.timers.delete(action.timer);
        return;
      case "requestHandoff": {
        const leader = this.nodes.find((other) => other !== node && other.state.kind === "leading");
        if (leader) this.deliver(leader, { kind: "handoffRequested" }, this.latency() * 2);
        return;
      }
    }
  }

  /**
   * A store call: the request reaches the store after one latency, the answer
   * comes back after another, unless `timeoutMs` passes first (then the
   * caller sees a failure, `null`, but the store has still acted).
   */
  #call<T>(node: SimNode, timeoutMs: number, operation: () => T, answer: (result: T | null) => SingletonEvent): void {
    const there = this.latency();
    const back = this.latency();
    let result: T | null = null;
    this.#at(there, () => {
      // Checked before the store acts too: a holder must already have stopped when its lease can move on.
      this.#checkCluster();
      result = operation();
    });
    if (there + back <= timeoutMs) this.#at(there + back, () => this.#arrive(node, () => answer(result)));
    else this.#at(timeoutMs, () => this.#arrive(node, () => answer(null)));
  }

  #fire(node: SimNode, timer: SingletonTimer, generation: number): void {
    if (node.pausedUntil > this.now) {
      this.#at(node.pausedUntil - this.now, () => this.#fire(node, timer, generation));
      return;
    }
    if (node.timers.get(timer) !== generation) return;
    node.timers.delete(timer);
    this.#step(node, { kind: "timer", timer });
  }

  #acquire(owner: string): number | null {
    const live = this.lease && this.lease.expiresAt > this.now ? this.lease : null;
    if (live && live.owner !== owner) return null;
    const token = ++this.#tokens;
    this.lease = { owner, token, expiresAt: this.now + this.#timings.ttlMs };
    this.grants.push({ at: this.now, owner, token });
    return token;
  }

  #renew(owner: string, token: number): boolean {
    const live = this.lease && this.lease.expiresAt > this.now ? this.lease : null;
    if (live?.owner !== owner || live.token !== token) return false;
    this.lease = { ...live, expiresAt: this.now + this.#timings.ttlMs };
    return true;
  }

  #release(owner: string, token: number): boolean {
    if (this.lease?.owner !== owner || this.lease.token !== token) return false;
    this.lease = null;
    return true;
  }
}
