/**
 * One key of {@link Singletons} as a state machine: what the node does about
 * the key, decided from events alone. No I/O, no clock, no timers: time comes
 * in as `now` (a monotonic clock, ms), effects go out as {@link SingletonAction}
 * data that the interpreter carries out and answers with further events.
 *
 * Invariants the transition keeps (checked by its property tests):
 * - A tree is started only on entering `leading` from `acquiring`, and every
 *   `startTree` is followed by a `stopTree` of the same token before the next
 *   `acquire`: never two trees, never an acquire while a tree may still run.
 * - `leading` ends on any sign the lease may be gone (refused renewal, the
 *   local deadline, a stale lease seen at publish), and ending it always
 *   stops the tree in the same step.
 * - The local deadline is (when the acquire or last successful renewal was
 *   *sent*) + ttl − margin, so it passes before the store can let the lease
 *   lapse; {@link holdsLease} is false from then on.
 * - `stopped` is terminal: nothing is acquired or started after `close`.
 */

/** Durations the machine decides with, all in ms. */
export interface SingletonTimings {
  readonly ttlMs: number;
  /** Renewal period (ttl/3): also the bound on an acquire or release call. */
  readonly renewMs: number;
  /** How long before the store could let the lease lapse the node stops believing it holds it (ttl/10). */
  readonly marginMs: number;
  /** Pause between acquire attempts of a node that wants the key. */
  readonly retryMs: number;
  /** How long a tree outlives its last viewer. */
  readonly graceMs: number;
  /** Pause before acquiring again after the tree failed. */
  readonly failureBackoffMs: number;
  /** How long a node that handed a key over stays away from it: long enough for the asker's retries to win. */
  readonly yieldMs: number;
  /** A preferred node asks the holder for the key at most once per this. */
  readonly handoffRequestEveryMs: number;
}

export function singletonTimings(options: {
  readonly ttlMs: number;
  readonly retryMs: number;
  readonly graceMs: number;
  readonly failureBackoffMs: number;
}): SingletonTimings {
  const { ttlMs, retryMs, graceMs, failureBackoffMs } = options;
  return {
    ttlMs,
    renewMs: Math.floor(ttlMs / 3),
    marginMs: Math.floor(ttlMs / 10),
    retryMs,
    graceMs,
    failureBackoffMs,
    yieldMs: 3 * retryMs,
    handoffRequestEveryMs: 5 * retryMs,
  };
}

export type SingletonState =
  /** No viewers, nothing held: the interpreter may forget the key. */
  | { readonly kind: "idle" }
  /** Wants the key (it has viewers) but does not hold the lease; the retry timer is armed. */
  | {
      readonly kind: "following";
      readonly viewers: number;
      /** No acquire before this (placement delay, failure backoff, handoff yield). */
      readonly notBefore: number;
      /** When this node last asked the holder to hand the key over. */
      readonly handoffAskedAt: number;
    }
  /** An acquire call is in flight. */
  | {
      readonly kind: "acquiring";
      readonly viewers: number;
      readonly handoffAskedAt: number;
      /** `close` arrived meanwhile: whatever the answer, end in `stopped`. */
      readonly closing: boolean;
    }
  /** Holds the lease under `token` and runs the tree; the renew and deadline timers are armed. */
  | {
      readonly kind: "leading";
      readonly viewers: number;
      readonly token: number;
      /** Local deadline: the tree may act for the lease only before it. */
      readonly deadline: number;
      readonly since: number;
      /** When the tree stops for want of viewers (grace timer armed), or null while it has some. */
      readonly graceEndsAt: number | null;
      /** A renew call is in flight. */
      readonly renewing: boolean;
    }
  /** The tree of `token` is being stopped and its lease released. */
  | {
      readonly kind: "releasing";
      readonly viewers: number;
      readonly token: number;
      readonly notBefore: number;
      readonly closing: boolean;
    }
  /** Closed for good. */
  | { readonly kind: "stopped" };

/**
 * The timers of a key. Each is one-shot; scheduling one replaces it. The
 * interpreter adds up to 20 % of `retryMs` of random jitter to `retry`, so
 * nodes wanting the same key do not hit the store in lockstep.
 */
export type SingletonTimer = "retry" | "renew" | "deadline" | "grace";

export type StopReason = "lease lost" | "tree failed" | "handed over" | "no viewers" | "shutdown";

export type SingletonEvent =
  /** The cluster-wide viewer count changed; `placementDelayMs` is this node's wait as the key's n-th preferred node. */
  | { readonly kind: "viewers"; readonly count: number; readonly placementDelayMs: number }
  | { readonly kind: "timer"; readonly timer: SingletonTimer }
  /** The store granted the lease to a request sent at `sentAt`. */
  | { readonly kind: "acquired"; readonly token: number; readonly sentAt: number }
  /** The store refused, failed or did not answer in time; `preferred`: this node is the key's first choice now. */
  | { readonly kind: "acquireFailed"; readonly preferred: boolean }
  /** The store extended the lease on a request sent at `sentAt`. */
  | { readonly kind: "renewed"; readonly token: number; readonly sentAt: number }
  /** A renew call failed or timed out: not a refusal, the lease may still be ours. */
  | { readonly kind: "renewFailed"; readonly token: number }
  /** The store says the lease of `token` is no longer ours (renewal refused, or another lease seen at publish). */
  | { readonly kind: "leaseLost"; readonly token: number; readonly reason: string }
  /** The tree of `token` failed (its supervisor gave up, its factory or start threw). */
  | { readonly kind: "crashed"; readonly token: number; readonly error: unknown }
  /** The key's preferred node asked for it. */
  | { readonly kind: "handoffRequested" }
  /** Stop the tree now if it has no viewers (the reaper, skipping the rest of the grace). */
  | { readonly kind: "evict" }
  /** The `stopTree` action finished: the tree is closed and its lease released (or left to lapse). */
  | { readonly kind: "treeStopped" }
  | { readonly kind: "close" };

export type SingletonAction =
  /** Ask the store for the lease; answer with `acquired` or `acquireFailed`. */
  | { readonly kind: "acquire" }
  /** Build and start the tree under `token`; a failure is answered with `crashed`. */
  | { readonly kind: "startTree"; readonly token: number }
  /** Renew the lease of `token`, giving up after `timeoutMs` (an answer after the deadline is worthless). */
  | { readonly kind: "renew"; readonly token: number; readonly timeoutMs: number }
  /**
   * Close the tree of `token`, if one was started, then release its lease;
   * answer with `treeStopped`. `cause` says why the lease was lost, or what
   * error the tree failed with.
   */
  | { readonly kind: "stopTree"; readonly token: number; readonly reason: StopReason; readonly cause?: unknown }
  | { readonly kind: "schedule"; readonly timer: SingletonTimer; readonly ms: number }
  | { readonly kind: "cancel"; readonly timer: SingletonTimer }
  /** Ask whoever holds the key to hand it over to this node. */
  | { readonly kind: "requestHandoff" };

export interface Step {
  readonly state: SingletonState;
  readonly actions: readonly SingletonAction[];
}

export interface StepContext {
  /** Monotonic clock, ms (the same clock for every event of a key). */
  readonly now: number;
  readonly timings: SingletonTimings;
}

export const idle: SingletonState = { kind: "idle" };

/** Whether a tree running under `token` may act for the lease at `now` (e.g. publish). */
export function holdsLease(state: SingletonState, token: number, now: number): boolean {
  return state.kind === "leading" && state.token === token && now < state.deadline;
}

const stay = (state: SingletonState): Step => ({ state, actions: [] });
const leaveLeading: readonly SingletonAction[] = [
  { kind: "cancel", timer: "renew" },
  { kind: "cancel", timer: "deadline" },
  { kind: "cancel", timer: "grace" },
];

/**
 * The next state of a key and what to do about it. Total: an event that
 * makes no sense in a state (a late answer, a stale token, a duplicate) is
 * ignored, leaving the state as it was and doing nothing.
 */
export function transition(state: SingletonState, input: SingletonEvent, context: StepContext): Step {
  // The count comes from outside (a presence adapter): anything but a finite positive number means nobody.
  const event = input.kind === "viewers" && !(input.count > 0 && Number.isFinite(input.count)) ? { ...input, count: 0 } : input;
  switch (state.kind) {
    case "idle":
      return fromIdle(event, context);
    case "following":
      return fromFollowing(state, event, context);
    case "acquiring":
      return fromAcquiring(state, event, context);
    case "leading":
      return fromLeading(state, event, context);
    case "releasing":
      return fromReleasing(state, event, context);
    case "stopped":
      return stay(state);
  }
}

function fromIdle(event: SingletonEvent, context: StepContext): Step {
  if (event.kind === "close") return stay({ kind: "stopped" });
  if (event.kind !== "viewers" || event.count <= 0) return stay(idle);
  return want(event.count, context.now + event.placementDelayMs, -Infinity, context);
}

/** Acquire now if allowed, else wait in `following` until `notBefore`. */
function want(viewers: number, notBefore: number, handoffAskedAt: number, { now }: StepContext): Step {
  if (now >= notBefore) return { state: { kind: "acquiring", viewers, handoffAskedAt, closing: false }, actions: [{ kind: "acquire" }] };
  return {
    state: { kind: "following", viewers, notBefore, handoffAskedAt },
    actions: [{ kind: "schedule", timer: "retry", ms: notBefore - now }],
  };
}

function fromFollowing(state: Extract<SingletonState, { kind: "following" }>, event: SingletonEvent, context: StepContext): Step {
  switch (event.kind) {
    case "viewers":
      if (event.count <= 0) return { state: idle, actions: [{ kind: "cancel", timer: "retry" }] };
      return stay({ ...state, viewers: event.count });
    case "timer":
      return event.timer === "retry" ? want(state.viewers, state.notBefore, state.handoffAskedAt, context) : stay(state);
    case "close":
      return { state: { kind: "stopped" }, actions: [{ kind: "cancel", timer: "retry" }] };
    default:
      return stay(state);
  }
}

function fromAcquiring(state: Extract<SingletonState, { kind: "acquiring" }>, event: SingletonEvent, context: StepContext): Step {
  const { now, timings } = context;
  switch (event.kind) {
    case "viewers":
      return stay({ ...state, viewers: event.count });
    case "close":
      return stay({ ...state, closing: true });
    case "acquireFailed": {
      if (state.closing) return stay({ kind: "stopped" });
      if (state.viewers <= 0) return stay(idle);
      const ask = event.preferred && now - state.handoffAskedAt >= timings.handoffRequestEveryMs;
      return {
        state: { kind: "following", viewers: state.viewers, notBefore: now, handoffAskedAt: ask ? now : state.handoffAskedAt },
        actions: [...(ask ? [{ kind: "requestHandoff" } as const] : []), { kind: "schedule", timer: "retry", ms: timings.retryMs }],
      };
    }
    case "acquired": {
      const deadline = event.sentAt + timings.ttlMs - timings.marginMs;
      const release = (reason: StopReason, cause?: string): Step => ({
        state: { kind: "releasing", viewers: state.viewers, token: event.token, notBefore: now, closing: state.closing },
        actions: [{ kind: "stopTree", token: event.token, reason, ...(cause === undefined ? {} : { cause }) }],
      });
      if (state.closing) return release("shutdown");
      // The last viewer left while the request was out: hand the key back rather than start a tree for nobody.
      if (state.viewers <= 0) return release("no viewers");
      if (now >= deadline) return release("lease lost", "acquire answered after the lease deadline");
      return {
        state: { kind: "leading", viewers: state.viewers, token: event.token, deadline, since: now, graceEndsAt: null, renewing: false },
        actions: [
          { kind: "schedule", timer: "deadline", ms: deadline - now },
          { kind: "schedule", timer: "renew", ms: timings.renewMs },
          { kind: "startTree", token: event.token },
        ],
      };
    }
    default:
      return stay(state);
  }
}

function fromLeading(state: Extract<SingletonState, { kind: "leading" }>, event: SingletonEvent, context: StepContext): Step {
  const { now, timings } = context;
  const stop = (reason: StopReason, notBefore: number, cause?: unknown, closing = false): Step => ({
    state: { kind: "releasing", viewers: state.viewers, token: state.token, notBefore, closing },
    actions: [...leaveLeading, { kind: "stopTree", token: state.token, reason, ...(cause === undefined ? {} : { cause }) }],
  });
  const lose = (why: string): Step => stop("lease lost", now, why);
  const deadlinePassed = "lease deadline passed without a renewal";
  switch (event.kind) {
    case "viewers": {
      const viewers = event.count;
      if (viewers > 0 && state.graceEndsAt !== null) {
        return { state: { ...state, viewers, graceEndsAt: null }, actions: [{ kind: "cancel", timer: "grace" }] };
      }
      if (viewers === 0 && state.graceEndsAt === null) {
        return {
          state: { ...state, viewers, graceEndsAt: now + timings.graceMs },
          actions: [{ kind: "schedule", timer: "grace", ms: timings.graceMs }],
        };
      }
      return stay({ ...state, viewers });
    }
    case "timer":
      switch (event.timer) {
        case "grace":
          return state.viewers > 0 ? stay({ ...state, graceEndsAt: null }) : stop("no viewers", now);
        case "deadline":
          return lose(deadlinePassed);
        case "renew": {
          const again: SingletonAction = { kind: "schedule", timer: "renew", ms: timings.renewMs };
          if (now >= state.deadline) return lose(deadlinePassed);
          if (state.renewing) return { state, actions: [again] };
          return {
            state: { ...state, renewing: true },
            actions: [{ kind: "renew", token: state.token, timeoutMs: state.deadline - now }, again],
          };
        }
        default:
          return stay(state);
      }
    case "evict":
      return state.viewers > 0 ? stay(state) : stop("no viewers", now);
    case "renewed": {
      if (event.token !== state.token) return stay(state);
      const deadline = Math.max(state.deadline, event.sentAt + timings.ttlMs - timings.marginMs);
      if (now >= deadline) return lose(deadlinePassed);
      return { state: { ...state, renewing: false, deadline }, actions: [{ kind: "schedule", timer: "deadline", ms: deadline - now }] };
    }
    case "renewFailed":
      return event.token === state.token ? stay({ ...state, renewing: false }) : stay(state);
    case "leaseLost":
      return event.token === state.token ? lose(event.reason) : stay(state);
    case "crashed":
      return event.token === state.token ? stop("tree failed", now + timings.failureBackoffMs, event.error) : stay(state);
    case "handoffRequested":
      return stop("handed over", now + timings.yieldMs);
    case "close":
      return stop("shutdown", now, undefined, true);
    default:
      return stay(state);
  }
}

function fromReleasing(state: Extract<SingletonState, { kind: "releasing" }>, event: SingletonEvent, context: StepContext): Step {
  switch (event.kind) {
    case "viewers":
      return stay({ ...state, viewers: event.count });
    case "close":
      return stay({ ...state, closing: true });
    case "treeStopped":
      if (state.closing) return stay({ kind: "stopped" });
      // A viewer who arrived while the tree stopped gets a fresh one: the key is re-examined here.
      return state.viewers > 0 ? want(state.viewers, state.notBefore, -Infinity, context) : stay(idle);
    default:
      return stay(state);
  }
}
