import { expect, it } from "vitest";
import fc from "fast-check";
import { apply, diff, type Json } from "../../src/live/json-patch.ts";

const json = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>;

it("apply(a, diff(a, b)) equals b for any JSON", () => {
  fc.assert(
    fc.property(json, json, (a, b) => {
      // Through JSON on both sides: the wire cannot tell -0 from 0.
      const wire = (j: Json): unknown => JSON.parse(JSON.stringify(j));
      expect(wire(apply(a, diff(a, b)))).toEqual(wire(b));
    }),
    { numRuns: 2000 },
  );
});

it("treats keys Object.prototype also has (valueOf, __proto__) as plain data", () => {
  const wire = (j: Json): unknown => JSON.parse(JSON.stringify(j));
  for (const [a, b] of [
    [{ valueOf: false }, {}],
    [{}, { toString: 1 }],
    [{}, JSON.parse('{"__proto__": {"x": 1}}') as Json],
  ] as [Json, Json][]) {
    expect(wire(apply(a, diff(a, b)))).toEqual(wire(b));
  }
  expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
});

it("produces no operations for equal documents", () => {
  fc.assert(
    fc.property(json, (a) => {
      expect(diff(a, structuredClone(a))).toEqual([]);
    }),
  );
});

it("keeps patches small for a growing list and a ticking counter", () => {
  const before = { turnout: 10, items: Array.from({ length: 100 }, (_, i) => ({ id: i })) };
  const after = { turnout: 11, items: [...before.items, { id: 100 }] };
  expect(diff(before, after)).toEqual([
    { op: "replace", path: "/turnout", value: 11 },
    { op: "add", path: "/items/100", value: { id: 100 } },
  ]);
});
