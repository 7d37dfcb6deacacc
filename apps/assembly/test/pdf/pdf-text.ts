import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What one of poppler's tools prints for the PDF, run on it as a file. */
function poppler(tool: "pdftotext" | "pdfinfo", args: readonly string[], pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "plenum-pdf-"));
  try {
    const file = join(dir, "doc.pdf");
    writeFileSync(file, pdf);
    return execFileSync(tool, [...args, file, ...(tool === "pdftotext" ? ["-"] : [])], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text as `pdftotext -layout` reads it: what a reader would copy out of the file. */
export const pdfText = (pdf: Buffer): string => poppler("pdftotext", ["-layout"], pdf);

/** The metadata as `pdfinfo` reads it. */
export const pdfInfo = (pdf: Buffer): string => poppler("pdfinfo", [], pdf);
