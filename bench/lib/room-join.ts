import type { ChannelHandler } from "../../packages/realtime/src/index.ts";

/**
 * The bench contract's join: ok. A non-empty `user` is tracked in presence
 * under that key; `list` (default: whether a user is given) asks for
 * `presence_state` and the diffs that follow. The engine refuses lists of
 * topics over `maxListKeys`; such a joiner gets `presence_refused` {count}.
 */
export const joinRoom: ChannelHandler["join"] = (topic, payload, channel) => {
  const { user, list } = (payload ?? {}) as { user?: unknown; list?: unknown };
  const tracked = typeof user === "string" && user.length > 0;
  if (list === true || (list === undefined && tracked)) {
    if (!channel.pushPresenceState()) channel.push("presence_refused", { topic });
  }
  if (tracked) channel.track(user, { online_at: Date.now() });
  return { ok: {} };
};
