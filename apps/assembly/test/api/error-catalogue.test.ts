import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorCatalogue, isErrorCode } from "../../src/api/errors.ts";

const src = join(import.meta.dirname, "../../src");

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith(".ts")).map((entry) => join(entry.parentPath, entry.name));
}

/** Every code the server throws with a literal: `new DomainError("code", …)`, `new HttpError("code", …)`. */
async function thrownCodes(): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  for (const file of await sources(src)) {
    const text = await readFile(file, "utf8");
    for (const match of text.matchAll(/new (?:DomainError|HttpError)\(\s*"([a-z_]+)"/g)) codes.set(match[1]!, file);
  }
  return codes;
}

describe("the error catalogue", () => {
  it("has a German text, not the English one again, for every code the server throws", async () => {
    const codes = await thrownCodes();
    // The scan must see the codes thrown most often, or it reads nothing.
    expect([...codes.keys()]).toEqual(
      expect.arrayContaining(["invalid", "not_found", "conflict", "polls_still_open", "proxy_cap_reached"]),
    );
    for (const [code, file] of codes) {
      expect(isErrorCode(code), `${code} (thrown in ${file}) is not in the catalogue`).toBe(true);
      if (!isErrorCode(code)) continue;
      const { en, de } = errorCatalogue[code];
      expect(de.trim(), `${code} has no German text`).not.toBe("");
      expect(de, `${code}: the German text is the English one`).not.toBe(en);
    }
  });

  it("has both texts for every code it lists", () => {
    for (const [code, { en, de }] of Object.entries(errorCatalogue)) {
      expect(en.trim(), code).not.toBe("");
      expect(de.trim(), code).not.toBe("");
    }
  });
});
