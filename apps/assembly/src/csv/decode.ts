import { type CsvRowError, csvRowError } from "../api/csv-row-errors.ts";
import { countLineBreaks } from "./parse.ts";
import { decodeWindows1252 } from "./windows-1252.ts";

/** The encodings an uploaded CSV may be read in: UTF-8, or what Excel and older Windows software save. */
export type CsvEncoding = "utf-8" | "windows-1252";

export const csvEncodings: readonly CsvEncoding[] = ["utf-8", "windows-1252"];

export type DecodedCsv =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly errors: readonly CsvRowError[]; readonly suggestedEncoding: CsvEncoding };

const LF = 0x0a;
const CR = 0x0d;

/**
 * Reads an uploaded file as text, never guessing: bytes that are not valid
 * in `encoding` are refused, not replaced by U+FFFD (which would import
 * "J�rgen"). Guarantees:
 * - UTF-8: every line holding an invalid byte sequence is listed (lines
 *   counted like `parseCsv` counts them: LF, CRLF or CR), suggesting
 *   Windows-1252, in which every byte is readable.
 * - Windows-1252: refused when the bytes are valid UTF-8 with characters
 *   beyond ASCII (the first such line is named), suggesting UTF-8: read as
 *   Windows-1252, "ü" would silently become "Ã¼".
 */
export function decodeCsv(bytes: Uint8Array, encoding: CsvEncoding): DecodedCsv {
  let utf8: string | undefined;
  try {
    utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    utf8 = undefined;
  }
  if (encoding === "utf-8") {
    return utf8 === undefined
      ? { ok: false, errors: invalidUtf8Lines(bytes), suggestedEncoding: "windows-1252" }
      : { ok: true, text: utf8 };
  }
  const beyondAscii = utf8?.search(/\P{ASCII}/u) ?? -1;
  if (utf8 !== undefined && beyondAscii >= 0) {
    const char = String.fromCodePoint(utf8.codePointAt(beyondAscii) as number);
    const misread = decodeWindows1252(new TextEncoder().encode(char));
    const line = 1 + countLineBreaks(utf8.slice(0, beyondAscii));
    return {
      ok: false,
      errors: [csvRowError(line, { code: "utf8_as_windows_1252", params: { char, misread } })],
      suggestedEncoding: "utf-8",
    };
  }
  return { ok: true, text: decodeWindows1252(bytes) };
}

/** Length of the well-formed UTF-8 sequence starting at `at` (Unicode table 3-7), or 0 when it is not one. */
function sequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at] as number;
  if (lead < 0x80) return 1;
  const inRange = (offset: number, low: number, high: number) => {
    const byte = bytes[at + offset];
    return byte !== undefined && byte >= low && byte <= high;
  };
  const tail = (from: number, count: number) => {
    for (let offset = from; offset < from + count; offset++) if (!inRange(offset, 0x80, 0xbf)) return false;
    return true;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return tail(1, 1) ? 2 : 0;
  if (lead === 0xe0) return inRange(1, 0xa0, 0xbf) && tail(2, 1) ? 3 : 0;
  if (lead === 0xed) return inRange(1, 0x80, 0x9f) && tail(2, 1) ? 3 : 0;
  if (lead >= 0xe1 && lead <= 0xef) return tail(1, 2) ? 3 : 0;
  if (lead === 0xf0) return inRange(1, 0x90, 0xbf) && tail(2, 2) ? 4 : 0;
  if (lead >= 0xf1 && lead <= 0xf3) return tail(1, 3) ? 4 : 0;
  if (lead === 0xf4) return inRange(1, 0x80, 0x8f) && tail(2, 2) ? 4 : 0;
  return 0;
}

function invalidUtf8Lines(bytes: Uint8Array): CsvRowError[] {
  const errors: CsvRowError[] = [];
  let line = 1;
  for (let at = 0; at < bytes.length; ) {
    const byte = bytes[at] as number;
    if (byte === LF || (byte === CR && bytes[at + 1] !== LF)) line++;
    const length = sequenceLength(bytes, at);
    if (length > 0) {
      at += length;
      continue;
    }
    if (errors.at(-1)?.line !== line) {
      errors.push(csvRowError(line, { code: "invalid_utf8", params: { byte: byte.toString(16).toUpperCase().padStart(2, "0") } }));
    }
    // Resynchronise on the next byte: a line break can never be part of a broken sequence.
    at += 1;
  }
  return errors;
}
