/**
 * The payload of every message a singleton tree publishes: the data plus the
 * fencing token of the lease the publisher held for `key`.
 */
export interface Fenced<T = unknown> {
  readonly key: string;
  readonly token: number;
  readonly data: T;
}

export function isFenced(payload: unknown): payload is Fenced {
  if (typeof payload !== "object" || payload === null) return false;
  const { key, token } = payload as Record<string, unknown>;
  return typeof key === "string" && typeof token === "number" && Number.isSafeInteger(token) && "data" in payload;
}

/**
 * Receiver-side fence: remembers the highest token seen per key and rejects
 * fenced payloads carrying a lower one, so once a receiver has seen the new
 * owner it can never again accept the old one. Payloads that are not fenced
 * pass untouched. Equal tokens pass (one owner publishes many messages).
 */
export class FenceGate {
  readonly #highest = new Map<string, number>();

  accept(payload: unknown): boolean {
    if (!isFenced(payload)) return true;
    const highest = this.#highest.get(payload.key) ?? 0;
    if (payload.token < highest) return false;
    this.#highest.set(payload.key, payload.token);
    return true;
  }

  /** Drop the memory of `key` (e.g. when this node stops following it). */
  forget(key: string): void {
    this.#highest.delete(key);
  }
}
