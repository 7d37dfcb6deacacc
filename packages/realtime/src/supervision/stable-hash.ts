import { createHash } from "node:crypto";

/**
 * A digest of a JSON-like value that ignores object key order, so two query
 * results that differ only in property order hash the same. Dates hash by
 * instant, bigints by value, Maps and Sets by their (order-free) contents;
 * functions and `undefined` properties are skipped as JSON does. Cycles are
 * rejected (a query result never has one).
 */
export function stableHash(value: unknown): string {
  return createHash("sha1").update(canonical(value, new Set())).digest("base64url");
}

function canonical(value: unknown, path: Set<object>): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : `"${String(value)}"`;
    case "boolean":
      return String(value);
    case "bigint":
      return `${value}n`;
    case "object":
      break;
    default:
      return "null";
  }
  if (value instanceof Date) return `D${value.getTime()}`;
  if (path.has(value)) throw new TypeError("stableHash: cyclic value");
  path.add(value);
  try {
    if (Array.isArray(value)) return `[${value.map((item) => canonical(item, path)).join(",")}]`;
    if (value instanceof Uint8Array) return `B${Buffer.from(value).toString("base64")}`;
    if (value instanceof Map) {
      return `M{${[...value]
        .map(([k, v]) => `${canonical(k, path)}:${canonical(v, path)}`)
        .sort()
        .join(",")}}`;
    }
    if (value instanceof Set)
      return `S{${[...value]
        .map((item) => canonical(item, path))
        .sort()
        .join(",")}}`;
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined && typeof v !== "function")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v, path)}`);
    return `{${entries.join(",")}}`;
  } finally {
    path.delete(value);
  }
}
