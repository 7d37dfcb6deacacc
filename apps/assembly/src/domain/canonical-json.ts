/**
 * The one spelling of a JSON value that its hash is taken over, after RFC 8785
 * (JSON Canonicalization Scheme): object members sorted by their names'
 * UTF-16 code units, no whitespace, strings and numbers as ECMAScript's
 * `JSON.stringify` writes them (which is what JCS prescribes). The same data
 * therefore hashes the same however a copy of the file was reformatted.
 *
 * Members whose value is `undefined` are left out, as `JSON.stringify` does;
 * anything JSON cannot carry (non-finite numbers, bigints, functions,
 * `undefined` in an array) is refused rather than silently changed.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value
      .map((item: unknown) => {
        if (item === undefined) throw new TypeError("canonical JSON has no undefined array item");
        return canonicalJson(item);
      })
      .join(",")}]`;
  }
  if (typeof value === "object") {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${members.map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`).join(",")}}`;
  }
  throw new TypeError(`canonical JSON has no ${typeof value}`);
}
