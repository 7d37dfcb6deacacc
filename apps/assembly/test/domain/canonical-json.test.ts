import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/domain/canonical-json.ts";
import { fingerprintInPdf, parseSha256, recordKeyword } from "../../src/domain/record-fingerprint.ts";

describe("canonicalJson", () => {
  it("sorts members by UTF-16 code units and writes no whitespace", () => {
    expect(canonicalJson({ b: [1, { d: null, c: true }], a: "Größe", "\u00e9": 1, Z: 2, "\ud83d\ude00": 3, "\uff21": 4 })).toBe(
      '{"Z":2,"a":"Größe","b":[1,{"c":true,"d":null}],"é":1,"\ud83d\ude00":3,"\uff21":4}',
    );
  });

  it("writes numbers and strings as JCS does", () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.1, 100, '\u0000\n"\\/'])).toBe('[1e+21,1e-7,0,0.1,100,"\\u0000\\n\\"\\\\/"]');
  });

  it("leaves out undefined members and refuses what JSON cannot carry", () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 1n, [undefined], () => 1]) expect(() => canonicalJson(bad)).toThrow(TypeError);
  });

  it("is the same for every spelling of the same data, and parses back to it", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (value, indent) => {
        const canonical = canonicalJson(value);
        expect(canonicalJson(JSON.parse(JSON.stringify(value, null, indent)))).toBe(canonical);
        expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe("record fingerprint", () => {
  const hash = "ab".repeat(32);

  it("is found in PDF bytes once, and not when two different hashes are named", () => {
    expect(fingerprintInPdf(`1 0 obj\n(${recordKeyword(hash)})\nendobj`)).toBe(hash);
    expect(fingerprintInPdf(`(${recordKeyword(hash)}) (${recordKeyword(hash)})`)).toBe(hash);
    expect(fingerprintInPdf(`(${recordKeyword(hash)}) (${recordKeyword("cd".repeat(32))})`)).toBeNull();
    expect(fingerprintInPdf("%PDF-1.3 nothing here")).toBeNull();
  });

  it("reads a typed hash tolerantly and refuses anything else", () => {
    expect(parseSha256(` SHA256:${hash.toUpperCase().slice(0, 32)} ${hash.slice(32)} `)).toBe(hash);
    for (const bad of ["", "abc", hash.slice(1), `${hash}0`, "g".repeat(64)]) expect(parseSha256(bad)).toBeNull();
  });
});
