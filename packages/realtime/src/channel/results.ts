import { inspect } from "node:util";

/**
 * Return shapes of user callbacks. Like Phoenix, a callback that returns
 * anything else is a bug in the caller's code, reported with the accepted
 * shapes and what was received, instead of being silently ignored.
 */
export type JoinResult = { ok: object } | { error: object };
export type InResult = { ok: unknown } | { error: unknown } | { noreply: true };
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

export function checkIn(value: unknown): InResult {
  const key = oneKey(value, ["ok", "error", "noreply"]);
  if (key === "ok" || key === "error") return value as InResult;
  if (key === "noreply" && (value as Record<string, unknown>)["noreply"] === true) return value as InResult;
  throw new CallbackResultError("handleIn", ["{ ok: response }", "{ error: response }", "{ noreply: true }"], value);
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
