import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verify } from "../../src/cli/verify.ts";
import { recordKeyword } from "../../src/domain/record-fingerprint.ts";
import { pdfBytes, pdfDocument } from "../../src/pdf/document.ts";
import { canonicalFile } from "../../src/record/canonical-export.ts";

const dir = mkdtempSync(join(tmpdir(), "plenum-verify-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe("verify", () => {
  const data = { event: { name: "Versammlung Köln" }, participants: [{ name: "Jürgen Größe" }] };
  const { body, sha256 } = canonicalFile(data);

  it("matches an export against the hash its PDF names, or a hash given as text", async () => {
    const doc = pdfDocument({ title: "Protokoll", author: "Plenum", createdAt: new Date(0), keywords: recordKeyword(sha256) });
    doc.text("Protokoll");
    const pdf = file("minutes.pdf", await pdfBytes(doc));
    const json = file("event.json", body);
    expect(verify([json, pdf])).toEqual({ status: 0, message: `match: SHA-256 ${sha256}` });
    expect(verify([json, sha256.toUpperCase()])).toMatchObject({ status: 0 });
    expect(verify(["event.json", "minutes.pdf"], dir)).toMatchObject({ status: 0 });
  });

  it("reports a tampered export as a mismatch", () => {
    const tampered = file("tampered.json", body.replace("Jürgen", "Jurgen"));
    const result = verify([tampered, sha256]);
    expect(result.status).toBe(1);
    expect(result.message).toContain("MISMATCH");
  });

  it("says clearly what is wrong with unreadable input", () => {
    expect(verify([])).toMatchObject({ status: 2, message: expect.stringContaining("usage") });
    expect(verify([file("broken.json", "{not json"), sha256])).toMatchObject({
      status: 2,
      message: expect.stringContaining("not a readable JSON"),
    });
    expect(verify([file("ok.json", body), join(dir, "missing.pdf")])).toMatchObject({
      status: 2,
      message: expect.stringContaining("neither a SHA-256 nor a readable file"),
    });
    expect(verify([file("ok.json", body), file("other.pdf", "%PDF-1.3 no mark")])).toMatchObject({
      status: 2,
      message: expect.stringContaining("names no record hash"),
    });
  });

  it("runs as a command with exit status 0 on a match and 1 on a mismatch", () => {
    const json = file("cli.json", body);
    const script = join(import.meta.dirname, "../../src/cli/verify.ts");
    const run = (hash: string) => {
      try {
        return { status: 0, out: execFileSync("npx", ["tsx", script, json, hash], { encoding: "utf8", stdio: "pipe" }) };
      } catch (error) {
        const failed = error as { status: number; stderr: string };
        return { status: failed.status, out: failed.stderr };
      }
    };
    expect(run(sha256)).toMatchObject({ status: 0, out: expect.stringContaining("match") });
    expect(run("0".repeat(64))).toMatchObject({ status: 1, out: expect.stringContaining("MISMATCH") });
  }, 30_000);
});
