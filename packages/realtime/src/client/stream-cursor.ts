import type { StreamPosition } from "../history/history.ts";
import { HISTORY_KEY, isPlainObject, isPosition, positionIn, RECOVER_PARAM } from "../history/wire.ts";

/** What a join reply of a history topic meant: everything missed follows, nothing can follow (resync), or a first join. */
export type JoinOutcome = "recovered" | "resync" | "fresh";

/**
 * The client's place in a history topic's stream, for the official
 * `phoenix` client unchanged: give `params` as the channel's params (the
 * client calls it on every rejoin, so a reconnect asks for what it missed),
 * feed `joined` the join reply and `seen` every broadcast payload.
 *
 * ```ts
 * const cursor = new StreamCursor();
 * const channel = socket.channel("room:1", cursor.params);
 * channel.on("msg", (payload) => { cursor.seen(payload); show(payload); });
 * channel.join().receive("ok", (reply) => { if (cursor.joined(reply) === "resync") refetch(); });
 * ```
 */
export class StreamCursor {
  #position: StreamPosition | undefined;
  readonly #extra: () => Record<string, unknown>;

  /** `extra`: the other join params, read on every join. */
  constructor(extra: () => Record<string, unknown> = () => ({})) {
    this.#extra = extra;
  }

  /** The last position known (of the last message, or of the join reply); undefined before the first join. */
  get position(): StreamPosition | undefined {
    return this.#position;
  }

  /** Join params: the extra ones, and `recover` once a position is known. */
  readonly params = (): Record<string, unknown> => {
    const extra = this.#extra();
    return this.#position ? { ...extra, [RECOVER_PARAM]: this.#position } : extra;
  };

  /** Takes the join reply: after "resync" the missed messages are gone and the stream goes on from the reply's top. */
  joined(reply: unknown): JoinOutcome {
    const answer = isPlainObject(reply) ? reply[HISTORY_KEY] : undefined;
    if (!isPlainObject(answer)) return "fresh";
    const recovered = answer["recovered"];
    if (recovered !== true && isPosition(answer)) this.#position = { epoch: answer.epoch, offset: answer.offset };
    if (recovered === true) return "recovered";
    return recovered === false ? "resync" : "fresh";
  }

  /** Takes a broadcast payload; "gap" when its offset is not the next one (something was skipped: rejoin to recover). */
  seen(payload: unknown): "next" | "gap" | "none" {
    const position = positionIn(payload);
    if (!position) return "none";
    const previous = this.#position;
    this.#position = position;
    return previous && (previous.epoch !== position.epoch || position.offset !== previous.offset + 1) ? "gap" : "next";
  }
}
