import type { Channel } from "phoenix";
import { ApiError } from "../api.ts";

const CHANNEL_TIMEOUT_MS = 5000;

/**
 * Pushes `event` on the channel when it is joined and resolves to the reply;
 * `null` when it could not answer (not joined, timed out, or the engine
 * itself refused the push, e.g. its rate limit: such a refusal carries a
 * `reason`, never the app's `code`, and says nothing about the command, so
 * HTTP gets to try). The app's refusal rejects as an `ApiError`.
 */
export function pushOrNull<T>(channel: Channel | null, event: string, payload: object): Promise<T | null> {
  if (channel?.state !== "joined") return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    channel
      .push(event, payload, CHANNEL_TIMEOUT_MS)
      .receive("ok", (reply: T) => resolve(reply))
      .receive("error", (reply: { code?: string; message?: string; reason?: string }) => {
        if (reply?.code === undefined && typeof reply?.reason === "string") resolve(null);
        else reject(new ApiError(409, reply?.code ?? `${event}_refused`, reply?.message ?? "refused"));
      })
      .receive("timeout", () => resolve(null));
  });
}
