import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Amendment } from "../../src/domain/motion/amendment.ts";
import { defaultMotionSettings } from "../../src/domain/motion/motion-settings.ts";
import type { Motion } from "../../src/domain/motion/motion.ts";
import { motionBookPdf, type MotionBookInput } from "../../src/pdf/motion-book.ts";

const dir = mkdtempSync(join(tmpdir(), "plenum-motion-book-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const textOf = (pdf: Buffer): string => {
  const file = join(dir, "book.pdf");
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
};

const motion: Motion = {
  id: "m1",
  eventId: "e1",
  number: "S1",
  title: "Satzung § 3",
  text: "Der Parteitag möge beschließen:\n\n- § 3 wird **gestrichen**\n- § 4 wird § 3",
  reason: "Veraltet.",
  submitters: [
    { kind: "participant", participantId: "p1" },
    { kind: "name", name: "KV Nord" },
  ],
  minSupporters: 0,
  category: null,
  agendaItemId: null,
  state: "in_debate",
  supporters: [],
  recommendation: { kind: "reject", label: null, recommender: "Antragskommission" },
  createdAt: "2026-05-01T10:00:00.000Z",
};

const amendment = (id: string, line: number, original: string, text: string, state: string): Amendment => ({
  id,
  motionId: "m1",
  number: id,
  lineFrom: line,
  lineTo: line,
  original,
  text,
  reason: "",
  submitters: [{ kind: "name", name: "Jugend" }],
  state,
  recommendation: null,
  createdAt: "2026-05-01T10:00:00.000Z",
});

const input = (amendments: Amendment[]): MotionBookInput => ({
  eventName: "Parteitag Köln",
  settings: defaultMotionSettings,
  entries: [{ motion, amendments }],
  names: new Map([["p1", "Łukasz Wałęsa"]]),
  language: "de",
  createdAt: new Date("2026-05-01T10:00:00Z"),
});

describe("motionBookPdf", () => {
  it("prints numbered lines, submitters, the recommendation, amendments and the final text", async () => {
    const accepted = amendment("Ä1", 3, "- § 4 wird § 3", "- § 4 bleibt", "accepted");
    // Accepted, but filed against lines that no longer read so: never applied to the wrong words.
    const stale = amendment("Ä2", 2, "- § 9 fehlt", "- § 9 kommt", "accepted");
    const text = textOf(await motionBookPdf(input([accepted, stale])));
    expect(text).toContain("Parteitag Köln");
    expect(text).toContain("S1: Satzung § 3");
    expect(text).toContain("Stand: In debate");
    expect(text).toContain("Antragsteller*innen: Łukasz Wałęsa, KV Nord");
    expect(text).toContain("Antragskommission: Ablehnung");
    expect(text).toMatch(/ 1\s+Der Parteitag möge beschließen:\n\s+2\s+• § 3 wird gestrichen\n\s+3\s+• § 4 wird § 3/);
    expect(text).toContain("Ä1 · Zeile 3 · Accepted");
    expect(text).toContain("Ersetze: - § 4 wird § 3");
    expect(text).toContain("Durch: - § 4 bleibt");
    expect(text).toContain("Dieser Änderungsantrag passt nicht mehr zum Text des Antrags.");
    expect(text).toContain("Die Endfassung kann nicht erstellt werden:");
  });

  it("gives the final text once the accepted amendments apply, and the same bytes for the same book", async () => {
    const accepted = amendment("Ä1", 3, "- § 4 wird § 3", "- § 4 bleibt", "accepted");
    const pdf = await motionBookPdf(input([accepted]));
    const text = textOf(pdf);
    expect(text).toContain("Endfassung nach den angenommenen Änderungsanträgen");
    expect(text).toMatch(/3\s+• § 4 bleibt/);
    expect(pdf.equals(await motionBookPdf(input([accepted])))).toBe(true);
  });
});
