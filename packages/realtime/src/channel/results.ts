import { inspect } from "node:util";

/**
 * Return shapes of user callbacks. Like Phoenix, a callback that returns
 * anything else is a bug in the caller's code, reported with the accepted
 * shapes and what was received, instead of being silently ignored.
 */
export type JoinResult = { ok: object } | { error: object };
export type InResult = { ok: unknown } | { error: unknown } | { noreply: true } | StopResult;
/** What `handleInfo` may return: nothing (carry on), or stop the channel. */
export type InfoResult = undefined | StopResult;

/**
 * Ends the channel from inside (Phoenix's `{:stop, reason, socket}`):
 * `terminate` runs with `{ stop: reason }`, and the client gets `phx_close`
 * for a normal reason (`"normal"`, `"shutdown"`, `"shutdown:<detail>"`) or
 * `phx_error` for any other (it then rejoins, as after a crash). From
 * `handleIn`, `reply` answers the push first.
 */
export type StopResult = { stop: string; reply?: { ok: unknown } | { error: unknown } };

/** Phoenix's normal exits (`:normal`, `:shutdown`, `{:shutdown, _}`): the channel closes rather than errors. */
export function isNormalStop(reason: string): boolean {
  return reason === "normal" || reason === "shutdown" || reason.startsWith("shutdown:");
}
export type OutResult = { push: unknown } | { skip: true };
export type ConnectResult = { id?: string | null; assigns?: Record<string, unknown> } | { error: string } | false;

export class CallbackResultError extends Error {
  override readonly name = "CallbackResultError";
  constructor(callback: string, accepted: readonly string[], received: unknown) {
    super(
      `${callback} must return one of:\n${accepted.map((a) => `  ${a}`).join("\n")}\n` +
        `got: ${inspect(received, { depth: 3, breakLength: 100 })}`,
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function oneKey(value: unknown, keys: readonly string[]): string | undefined {
  if (!isObject(value)) return undefined;
  const own = Object.keys(value);
  return own.length === 1 && keys.includes(own[0]!) ? own[0] : undefined;
}

export function checkJoin(value: unknown): JoinResult {
  const key = oneKey(value, ["ok", "error"]);
  if (key && isObject((value as Record<string, unknown>)[key])) return value as JoinResult;
  throw new CallbackResultError(
    "join",
    ["{ ok: object }  (reply ok with that response)", '{ error: object }  (refuse the join, e.g. { error: { reason: "unauthorized" } })'],
    value,
  );
}

const STOP_SHAPES = [
  '{ stop: reason }  (end the channel: "normal", "shutdown" or "shutdown:<detail>" send phx_close, any other reason phx_error)',
];

function isStop(value: unknown, withReply: boolean): value is StopResult {
  if (!isObject(value) || typeof value["stop"] !== "string" || value["stop"] === "") return false;
  const keys = Object.keys(value);
  if (keys.length === 1) return true;
  return withReply && keys.length === 2 && oneKey(value["reply"], ["ok", "error"]) !== undefined;
}

export function checkIn(value: unknown): InResult {
  const key = oneKey(value, ["ok", "error", "noreply"]);
  if (key === "ok" || key === "error") return value as InResult;
  if (key === "noreply" && (value as Record<string, unknown>)["noreply"] === true) return value as InResult;
  if (isStop(value, true)) return value;
  throw new CallbackResultError(
    "handleIn",
    [
      "{ ok: response }",
      "{ error: response }",
      "{ noreply: true }",
      ...STOP_SHAPES,
      "{ stop: reason, reply: { ok: response } | { error: response } }",
    ],
    value,
  );
}

export function checkInfo(value: unknown): InfoResult {
  if (value === undefined || isStop(value, false)) return value;
  throw new CallbackResultError("handleInfo", ["nothing (undefined: carry on)", ...STOP_SHAPES], value);
}

export function checkOut(value: unknown): OutResult {
  const key = oneKey(value, ["push", "skip"]);
  if (key === "push") return value as OutResult;
  if (key === "skip" && (value as Record<string, unknown>)["skip"] === true) return value as OutResult;
  throw new CallbackResultError("handleOut", ["{ push: payload }", "{ skip: true }"], value);
}

export function checkConnect(value: unknown): ConnectResult {
  if (value === false) return false;
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && typeof value["error"] === "string") return value as ConnectResult;
    const idOk = value["id"] === undefined || value["id"] === null || typeof value["id"] === "string";
    const assignsOk = value["assigns"] === undefined || isObject(value["assigns"]);
    if (idOk && assignsOk && keys.every((k) => k === "id" || k === "assigns")) return value as ConnectResult;
  }
  throw new CallbackResultError(
    "connect",
    ["{ id?: string | null, assigns?: object }  (accept)", "{ error: string }  (refuse with 403)", "false  (refuse with 403)"],
    value,
  );
}
