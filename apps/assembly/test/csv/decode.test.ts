import { describe, expect, it } from "vitest";
import { decodeCsv } from "../../src/csv/decode.ts";

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part))));

describe("decodeCsv", () => {
  it("reads valid UTF-8 as is, BOM and all characters included", () => {
    expect(decodeCsv(bytes("\uFEFFname\r\nJürgen 🗳️\n"), "utf-8")).toEqual({ ok: true, text: "\uFEFFname\r\nJürgen 🗳️\n" });
  });

  it("lists every line with invalid UTF-8, counting LF, CRLF and CR line breaks as the parser does", () => {
    const file = bytes("name\r\n", "J", [0xfc], "rgen ", [0xfc], "\r", "ok\n", "Gro", [0xdf], "\n", [0xc3], "\n");
    expect(decodeCsv(file, "utf-8")).toMatchObject({
      ok: false,
      errors: [
        { line: 2, reason: "not valid UTF-8 (byte 0xFC)" },
        { line: 4, reason: "not valid UTF-8 (byte 0xDF)" },
        // A sequence cut short by the line break is broken too.
        { line: 5, reason: "not valid UTF-8 (byte 0xC3)" },
      ],
      suggestedEncoding: "windows-1252",
    });
  });

  it("refuses what is not well-formed UTF-8: overlong forms, surrogates, beyond U+10FFFF, a truncated end", () => {
    for (const invalid of [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xe2, 0x82]]) {
      expect(decodeCsv(bytes("a\n", invalid), "utf-8"), invalid.join(",")).toMatchObject({ ok: false, errors: [{ line: 2 }] });
    }
  });

  it("reads Windows-1252 when chosen, but refuses a UTF-8 file that would turn into mojibake", () => {
    expect(
      decodeCsv(
        bytes("name\nJ", [0xfc], "rgen Gro", [0xdf], " ", [0x80], "\nO", [0x92], "Brien ", [0x8a], "imon ", [0x96], " ", [0x81]),
        "windows-1252",
      ),
    ).toEqual({
      ok: true,
      // 0x81 is one of the five bytes Windows-1252 leaves undefined: a C1 control, which the import then refuses.
      text: "name\nJürgen Groß €\nO’Brien Šimon – \u0081",
    });
    expect(decodeCsv(bytes("name\nplain ascii\n"), "windows-1252")).toEqual({ ok: true, text: "name\nplain ascii\n" });
    expect(decodeCsv(bytes("name\r\nok\r\nJürgen\n"), "windows-1252")).toMatchObject({
      ok: false,
      errors: [{ line: 3, reason: 'the file is UTF-8: read as Windows-1252, "ü" would become "Ã¼"; import it as UTF-8' }],
      suggestedEncoding: "utf-8",
    });
  });
});
