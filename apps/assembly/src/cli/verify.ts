import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { canonicalJson } from "../domain/canonical-json.ts";
import { fingerprintInPdf, parseSha256 } from "../domain/record-fingerprint.ts";
import { sha256Hex } from "../record/canonical-export.ts";

/**
 * `verify <export.json> <document.pdf | sha256>`: whether a JSON export is
 * the one a record document was made from. The JSON's canonical form is
 * hashed (so a reformatted copy of the same data still matches, and any
 * change of the data does not); the PDF names its hash in its metadata.
 * Exit status 0: match; 1: mismatch; 2: the input could not be read.
 */
export function verify(args: readonly string[], cwd = process.cwd()): { readonly status: 0 | 1 | 2; readonly message: string } {
  if (args.length !== 2) return { status: 2, message: "usage: verify <export.json> <document.pdf | sha256>" };
  const [jsonPath, against] = args as [string, string];
  const path = (file: string): string => resolve(cwd, file);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path(jsonPath), "utf8"));
  } catch (error) {
    return { status: 2, message: `${jsonPath} is not a readable JSON file: ${(error as Error).message}` };
  }
  const actual = sha256Hex(canonicalJson(data));
  let expected = parseSha256(against);
  if (expected === null) {
    let pdf: string;
    try {
      pdf = readFileSync(path(against)).toString("latin1");
    } catch (error) {
      return { status: 2, message: `${against} is neither a SHA-256 nor a readable file: ${(error as Error).message}` };
    }
    expected = fingerprintInPdf(pdf);
    if (expected === null) return { status: 2, message: `${against} names no record hash (not a Plenum record PDF?)` };
  }
  return actual === expected
    ? { status: 0, message: `match: SHA-256 ${actual}` }
    : { status: 1, message: `MISMATCH: the JSON hashes to ${actual}, the document names ${expected}` };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // `npm run verify -w …` runs in the package's folder; the files are named relative to where it was typed.
  const { status, message } = verify(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd());
  (status === 0 ? process.stdout : process.stderr).write(`${message}\n`);
  process.exitCode = status;
}
