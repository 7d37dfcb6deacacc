export { Endpoint, defaultQueueLimits, type EndpointOptions } from "./endpoint.ts";
export type { Channel, PushOptions, SocketInfo } from "./channel/channel.ts";
export type { Assigns, ChannelHandler, TerminateReason } from "./channel/handler.ts";
export {
  CallbackResultError,
  type ConnectResult,
  type InfoResult,
  type InResult,
  type JoinResult,
  type OutResult,
  type StopResult,
} from "./channel/results.ts";
export { defaultSocketLimits, type SocketLimits } from "./socket/inbound-limiter.ts";
export { defaultDrain, type DrainOptions } from "./socket/drainer.ts";
export { defaultDeflate, type DeflateOptions } from "./transport/deflate.ts";
export type { ServerApiOptions } from "./api/server-api.ts";
export type { PresencePort } from "./channel/presence-port.ts";
export type { ConnectInfo, ConnectParams } from "./transport/connect.ts";
export type { CheckOrigin } from "./transport/origin.ts";
export { CloseCodes } from "./socket/socket.ts";
export type { QueueLimits } from "./socket/outbound-queue.ts";
export type { PubSub, PubSubHandler, PubSubMessage } from "./pubsub/pubsub.ts";
export { LocalPubSub, type LocalPubSubOptions } from "./pubsub/local.ts";
export { EngineMetrics } from "./metrics/metrics.ts";
export * as protocol from "./protocol/index.ts";
export { RawJson } from "./protocol/message.ts";
export { RedisPubSub, type RedisPubSubOptions } from "./pubsub/redis.ts";
export { Tracker, type TrackerOptions } from "./presence/tracker.ts";
export { trackerViewers } from "./presence/viewers.ts";
export type { Meta, PresenceDiff, PresenceState } from "./presence/types.ts";
export { Throttle, KeyedThrottle } from "./live/throttle.ts";
export { LiveViews, type Patch, type Snapshot } from "./live/live-views.ts";
export { apply as applyPatch, diff as diffJson, type Json, type PatchOp } from "./live/json-patch.ts";
export { Supervisor, SupervisorGaveUpError, type SupervisorOptions } from "./supervision/supervisor.ts";
export type { Child, ChildContext, ChildSpec, RestartPolicy } from "./supervision/child.ts";
export { PollingWorker, type PollingWorkerOptions } from "./supervision/polling-worker.ts";
export type { LeaseStore, Lease } from "./supervision/lease-store.ts";
export { MemoryLeaseStore } from "./supervision/memory-lease-store.ts";
export { RedisLeaseStore } from "./supervision/redis-lease-store.ts";
export { Singletons, type SingletonsOptions, type TreeContext, type TreeFactory } from "./supervision/singletons.ts";
export { singletonChannel, type SingletonChannelOptions, type ViewerAdmission } from "./supervision/singleton-channel.ts";
export { pollerTree, type PollerTreeOptions } from "./supervision/poller-tree.ts";
export { FenceGate, isFenced, type Fenced } from "./supervision/fencing.ts";
export { Reaper } from "./supervision/reaper.ts";
export { SupervisionMetrics } from "./supervision/metrics.ts";
export type { Viewers } from "./supervision/viewers.ts";
export type { History, HistoryEntry, Recovery, Retention, StreamPosition } from "./history/history.ts";
export type { RetentionRules } from "./history/retention.ts";
export type { HistoryOptions } from "./history/topic-history.ts";
export { MemoryHistory, type MemoryHistoryOptions } from "./history/memory.ts";
export { RedisHistory, type RedisHistoryOptions } from "./history/redis.ts";
export { HISTORY_KEY, RECOVER_PARAM, type JoinPosition } from "./history/wire.ts";
