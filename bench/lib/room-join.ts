import type { ChannelHandler } from "../../packages/realtime/src/index.ts";

/** The bench contract's join: ok, and a non-empty `user` is tracked in presence under that key. */
export const joinRoom: ChannelHandler["join"] = (_topic, payload, channel) => {
  const user = (payload as { user?: unknown } | null)?.user;
  if (typeof user === "string" && user.length > 0) {
    channel.pushPresenceState();
    channel.track(user, { online_at: Date.now() });
  }
  return { ok: {} };
};
