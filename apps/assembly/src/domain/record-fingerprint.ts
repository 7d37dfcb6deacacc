/**
 * How a record document names the JSON export it was made from: the SHA-256
 * of the export's canonical form (see canonical-json.ts), in lower-case hex,
 * written into the PDF's metadata (Keywords) as `plenum-record-sha256:<hex>`.
 * PDF metadata of ASCII text is stored as plain bytes, so the mark can be
 * found in the file without a PDF parser, by the verify command and in the browser.
 */
const keywordPrefix = "plenum-record-sha256:";
const sha256Pattern = /^[0-9a-f]{64}$/;
const markPattern = /\(plenum-record-sha256:([0-9a-f]{64})\)/g;

export const isSha256Hex = (text: string): boolean => sha256Pattern.test(text);

export const recordKeyword = (sha256: string): string => `${keywordPrefix}${sha256}`;

/**
 * The hash a PDF names, from its bytes read as Latin-1; null when it names
 * none, or more than one different hash (a file stitched from two records).
 */
export function fingerprintInPdf(latin1: string): string | null {
  const found = new Set(Array.from(latin1.matchAll(markPattern), (match) => match[1]!));
  return found.size === 1 ? [...found][0]! : null;
}

/** The SHA-256 the user typed or pasted, tolerating case, spaces and a `sha256:` prefix; null when it is none. */
export function parseSha256(text: string): string | null {
  const cleaned = text
    .trim()
    .toLowerCase()
    .replace(/^sha-?256:/, "")
    .replace(/\s+/g, "");
  return isSha256Hex(cleaned) ? cleaned : null;
}
