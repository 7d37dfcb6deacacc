import { createHash } from "node:crypto";
import { canonicalJson } from "../domain/canonical-json.ts";

/** A value in canonical JSON (see domain/canonical-json.ts) with the SHA-256 of its UTF-8 bytes. */
export interface CanonicalFile {
  readonly body: string;
  readonly sha256: string;
}

export const sha256Hex = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

export function canonicalFile(value: unknown): CanonicalFile {
  const body = canonicalJson(value);
  return { body, sha256: sha256Hex(body) };
}
