/**
 * Windows-1252 as the WHATWG Encoding Standard defines it: Latin-1 except
 * 0x80–0x9F, which hold "€", "’", "–", "Š"... (five bytes there stay C1
 * controls). Decoded here rather than by `TextDecoder("windows-1252")`,
 * because Node 20's reads that range as Latin-1: "O’Brien" would arrive with
 * an invisible U+0092 in place of the apostrophe.
 */
const HIGH_CONTROL_RANGE = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f, 0x0090,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

const CODE_UNITS = Uint16Array.from({ length: 256 }, (_, byte) =>
  byte >= 0x80 && byte <= 0x9f ? (HIGH_CONTROL_RANGE[byte - 0x80] as number) : byte,
);

/** Every byte is a character in Windows-1252, so decoding cannot fail. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Chunked: String.fromCharCode takes its arguments on the stack.
  for (let start = 0; start < bytes.length; start += 8192) {
    const chunk = bytes.subarray(start, start + 8192);
    parts.push(String.fromCharCode(...Array.from(chunk, (byte) => CODE_UNITS[byte] as number)));
  }
  return parts.join("");
}
