import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv } from "../../src/csv/parse.ts";
import { serializeCsv } from "../../src/csv/serialize.ts";

const fieldsOf = (text: string, separator?: "," | ";") => parseCsv(text, separator ? { separator } : {}).records.map((r) => r.fields);

describe("parseCsv", () => {
  it("drops a UTF-8 BOM and detects the semicolon separator", () => {
    const parsed = parseCsv("\uFEFFName;E-Mail\r\nAnna, B.;a@x.de\r\n");
    expect(parsed.separator).toBe(";");
    expect(parsed.records.map((r) => r.fields)).toEqual([
      ["Name", "E-Mail"],
      ["Anna, B.", "a@x.de"],
    ]);
  });

  it("detects commas, ignoring semicolons inside quotes", () => {
    const parsed = parseCsv('"a;b;c",d\n1,2');
    expect(parsed.separator).toBe(",");
    expect(parsed.records[0]?.fields).toEqual(["a;b;c", "d"]);
  });

  it("reads quoted fields with escaped quotes and line breaks, and numbers lines physically", () => {
    const parsed = parseCsv('h1,h2\n"multi\nline ""quoted""",x\r\n"cr\ronly",y\nlast,z');
    expect(parsed.records).toEqual([
      { line: 1, fields: ["h1", "h2"] },
      { line: 2, fields: ['multi\nline "quoted"', "x"] },
      { line: 4, fields: ["cr\ronly", "y"] },
      { line: 6, fields: ["last", "z"] },
    ]);
  });

  it("skips blank lines but keeps empty fields and a quoted empty record", () => {
    expect(fieldsOf('a,b\n\n,\n\r\n""\n')).toEqual([["a", "b"], ["", ""], [""]]);
  });

  it("keeps a trailing empty field", () => {
    expect(fieldsOf("a,\nb,c")).toEqual([
      ["a", ""],
      ["b", "c"],
    ]);
  });

  it("reports an unterminated quote at the line it starts", () => {
    const error = (() => {
      try {
        parseCsv('a,b\nc,"open\nstill open');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(2);
  });

  it("rejects text after a closing quote", () => {
    expect(() => parseCsv('"a"b,c')).toThrow(CsvSyntaxError);
  });

  it("parses 20,000 rows quickly", () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [`Person ${i}`, `p${i}@example.org`, `Region "${i % 16}"`, "1", "ja"]);
    const text = serializeCsv([["name", "email", "region", "weight", "eligible"], ...rows], { separator: ";", bom: true });
    const started = performance.now();
    const parsed = parseCsv(text);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parsed.records).toHaveLength(20_001);
    expect(parsed.records[20_000]?.fields).toEqual(rows[19_999]);
  });
});

describe("serializeCsv → parseCsv", () => {
  const field = fc.string({ unit: fc.constantFrom("a", "Z", " ", ",", ";", '"', "\n", "\r", "\uFEFF", "ä", "😀", "="), maxLength: 12 });
  const rows = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { minLength: 0, maxLength: 8 });

  it("is the identity for arbitrary strings with either separator", () => {
    fc.assert(
      fc.property(rows, fc.constantFrom<"," | ";">(",", ";"), fc.boolean(), (data, separator, bom) => {
        expect(fieldsOf(serializeCsv(data, { separator, bom }), separator)).toEqual(data);
      }),
      { numRuns: 500 },
    );
  });

  it("is the identity with separator detection when the header has several columns", () => {
    fc.assert(
      fc.property(rows, fc.constantFrom<"," | ";">(",", ";"), (data, separator) => {
        const withHeader = [["name", "email"], ...data];
        const parsed = parseCsv(serializeCsv(withHeader, { separator, bom: true }));
        expect(parsed.separator).toBe(separator);
        expect(parsed.records.map((r) => r.fields)).toEqual(withHeader);
      }),
      { numRuns: 300 },
    );
  });

  it("also reads any unicode text back", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: "binary" }), { minLength: 1, maxLength: 4 }), { maxLength: 5 }), (data) => {
        expect(fieldsOf(serializeCsv(data), ",")).toEqual(data);
      }),
    );
  });
});
