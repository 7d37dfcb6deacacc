import { DomainError } from "./errors.ts";

/**
 * Characters no participant field may hold: they are invisible, yet change
 * what people see or what files do. Control characters (C0 including tab and
 * line breaks, DEL, C1) break lines in lists, exports and the projector and
 * never belong in a name, email, group or region; bidirectional controls
 * reorder what is displayed, so "Anna\u202Enosnhoj" shows as another name.
 */
interface UnsafeCharacter {
  /** 1-based position in the text, counted in characters (code points). */
  readonly position: number;
  readonly codePoint: number;
  readonly kind: "control" | "bidi";
}

/** `Cc` is exactly C0, DEL and C1 (U+0000–U+001F, U+007F–U+009F). */
const CONTROL = /\p{Cc}/u;
/** The Unicode bidirectional formatting characters: ALM, LRM, RLM, the embeddings and overrides, the isolates. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
// One test for both: most text has none of them, and a 50,000-row import checks six fields per row.
const ANY_UNSAFE = new RegExp(`${CONTROL.source}|${BIDI.source}`, "u");

/** The first unsafe character of `text`, or undefined. */
function findUnsafeCharacter(text: string): UnsafeCharacter | undefined {
  if (!ANY_UNSAFE.test(text)) return undefined;
  let position = 0;
  for (const char of text) {
    position += 1;
    const kind = CONTROL.test(char) ? "control" : BIDI.test(char) ? "bidi" : undefined;
    if (kind !== undefined) return { position, codePoint: char.codePointAt(0) as number, kind };
  }
  return undefined;
}

/** E.g. `U+202E (a bidirectional control) at character 5`. */
function describeUnsafe(found: UnsafeCharacter): string {
  const code = `U+${found.codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
  const what = found.kind === "bidi" ? "a bidirectional control" : "a control character";
  return `${code} (${what}) at character ${found.position}`;
}

/** Returns `value`, or throws `invalid` (with `field`) when it holds an unsafe character. */
export function requireSafeText(value: string, field: string): string {
  const found = findUnsafeCharacter(value);
  if (found) throw new DomainError("invalid", `${field} contains ${describeUnsafe(found)}`, { field });
  return value;
}
