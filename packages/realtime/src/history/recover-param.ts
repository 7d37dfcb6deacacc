import type { StreamPosition } from "./history.ts";
import { isPlainObject, isPosition, RECOVER_PARAM } from "./wire.ts";

/**
 * Reads the `recover` join parameter: absent → undefined, a position → it,
 * anything else → an Error naming the expected shape (the join is refused).
 */
export function recoverParam(joinPayload: unknown): StreamPosition | undefined | Error {
  if (!isPlainObject(joinPayload) || joinPayload[RECOVER_PARAM] === undefined) return undefined;
  const since = joinPayload[RECOVER_PARAM];
  if (!isPosition(since)) return new Error(`${RECOVER_PARAM} must be {epoch: string, offset: integer >= 0}`);
  return { epoch: since.epoch, offset: since.offset };
}
