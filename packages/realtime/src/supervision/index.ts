export type { Child, ChildContext, ChildSpec, RestartPolicy } from "./child.ts";
export { Supervisor, SupervisorGaveUpError, type ChildInfo, type SupervisorOptions, type SupervisorState } from "./supervisor.ts";
export { PollingWorker, type PolledResult, type PollingWorkerOptions } from "./polling-worker.ts";
export { stableHash } from "./stable-hash.ts";
export type { Acquired, Lease, LeaseStore } from "./lease-store.ts";
export { MemoryLeaseStore } from "./memory-lease-store.ts";
export { RedisLeaseStore } from "./redis-lease-store.ts";
export type { Viewers } from "./viewers.ts";
export { FenceGate, isFenced, type Fenced } from "./fencing.ts";
export {
  Singletons,
  type SingletonInfo,
  type SingletonsOptions,
  type SingletonsSnapshot,
  type TreeContext,
  type TreeFactory,
} from "./singletons.ts";
export {
  holdsLease,
  singletonTimings,
  transition as singletonTransition,
  type SingletonAction,
  type SingletonEvent,
  type SingletonState,
  type SingletonTimer,
  type SingletonTimings,
  type StopReason,
} from "./singleton-state.ts";
export { singletonChannel, type SingletonChannelOptions, type ViewerAdmission } from "./singleton-channel.ts";
export { Reaper, type ReapReport, type ReaperOptions } from "./reaper.ts";
export { SupervisionMetrics } from "./metrics.ts";
export type { Log } from "./log.ts";
export { pollerTree, type DatasetQuery, type PollerTreeOptions } from "./poller-tree.ts";
export { rendezvousRank } from "./placement.ts";
