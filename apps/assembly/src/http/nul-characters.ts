import { HttpError } from "./http-error.ts";

interface Visit {
  readonly value: unknown;
  readonly key: string;
  readonly parent: Visit | undefined;
}

const pathOf = (visit: Visit): string => {
  const keys: string[] = [];
  for (let at: Visit | undefined = visit; at?.parent !== undefined; at = at.parent) keys.push(at.key.replaceAll("\0", "\\0"));
  return keys.reverse().join(".");
};

/**
 * The path (`a.b.0`) of a string, key or value that holds a NUL, if any.
 * Iterative with parent links, so deep nesting neither overflows the stack
 * nor copies paths.
 */
function nulPath(root: unknown): string | undefined {
  const pending: Visit[] = [{ value: root, key: "", parent: undefined }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const { value } = visit;
    if (typeof value === "string") {
      if (value.includes("\0")) return pathOf(visit);
    } else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const next = { value: child, key, parent: visit };
        if (key.includes("\0")) return pathOf(next);
        pending.push(next);
      }
    }
  }
  return undefined;
}

/**
 * 400 `invalid` when a NUL character (U+0000) is anywhere in `value`: no text
 * the app keeps may hold one, and refusing it at the edge keeps both
 * databases alike (PostgreSQL cannot store it at all).
 */
export function rejectNul(value: unknown, what: "body" | "query" | "path"): void {
  const path = nulPath(value);
  if (path === undefined) return;
  throw new HttpError("invalid", `invalid ${what}: text must not contain NUL characters`, [
    { path, message: "must not contain the NUL character (U+0000)" },
  ]);
}
