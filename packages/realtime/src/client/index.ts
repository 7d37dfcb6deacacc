/**
 * `@plenum/realtime/client`: the browser side of the engine's live views and history topics.
 * Browser-safe: no Node module is imported here or by what it imports.
 */
export { LiveView, type LiveViewState } from "./live-view.ts";
export { fullJitter, type Backoff } from "./backoff.ts";
export type { ChannelPort, PushPort } from "./channel-port.ts";
export { StreamCursor, type JoinOutcome } from "./stream-cursor.ts";
export { HISTORY_KEY, RECOVER_PARAM, type JoinPosition } from "../history/wire.ts";
export type { StreamPosition } from "../history/history.ts";
export { apply as applyPatch, type Json, type PatchOp } from "../live/json-patch.ts";
export type { Patch, Snapshot } from "../live/live-views.ts";
