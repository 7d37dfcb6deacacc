import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * `@plenum/realtime/client` runs in browsers: every module it loads at run
 * time (type-only imports are erased) must be one of the package's own,
 * importing no Node module and no package.
 */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  const found: string[] = [];
  for (const statement of source.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier) {
      const typeOnly = ts.isImportDeclaration(statement) ? statement.importClause?.isTypeOnly === true : statement.isTypeOnly;
      if (!typeOnly) found.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return found;
}

describe("@plenum/realtime/client", () => {
  it("loads no Node module and no package at run time", () => {
    const entry = resolve(dirname(fileURLToPath(import.meta.url)), "../../src/client/index.ts");
    const seen = new Set<string>();
    const outside: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const specifier of runtimeImports(file)) {
        if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier));
        else outside.push(`${file}: ${specifier}`);
      }
    };
    visit(entry);
    expect(outside).toEqual([]);
    // Followed through to the patch applier, and not into the server-side LiveViews (types only).
    expect([...seen].some((file) => file.endsWith("live/json-patch.ts"))).toBe(true);
    expect([...seen].some((file) => file.endsWith("live/live-views.ts"))).toBe(false);
  });
});
