import type { Language } from "../api/errors.ts";
import type { Amendment } from "../domain/motion/amendment.ts";
import { amendmentChange } from "../domain/motion/amendment.ts";
import { isDomainError } from "../domain/errors.ts";
import { finalText } from "../domain/motion/final-text.ts";
import { numberLines } from "../domain/motion/line-numbering.ts";
import type { Motion } from "../domain/motion/motion.ts";
import type { MotionSettings } from "../domain/motion/motion-settings.ts";
import { recommendationText } from "../domain/motion/recommendation.ts";
import type { Submitter } from "../domain/motion/submitter.ts";
import { workflowState } from "../domain/motion/workflow.ts";
import { FONT, pdfBytes, pdfDocument } from "./document.ts";

export interface MotionBookEntry {
  readonly motion: Motion;
  readonly amendments: readonly Amendment[];
}

export interface MotionBookInput {
  readonly eventName: string;
  readonly settings: MotionSettings;
  readonly entries: readonly MotionBookEntry[];
  /** Participant names, for submitters given as participants. */
  readonly names: ReadonlyMap<string, string>;
  readonly language: Language;
  /** Printed as the document's date; fixed by the caller so the same book gives the same bytes. */
  readonly createdAt: Date;
}

const labels = {
  en: {
    book: "Motion book",
    state: "State",
    submitters: "Submitted by",
    supporters: "Supporters",
    reason: "Reason",
    amendments: "Amendments",
    lines: (from: number, to: number) => (from === to ? `line ${from}` : `lines ${from}–${to}`),
    replace: "Replace:",
    by: "By:",
    stale: "This amendment no longer matches the motion's text.",
    finalText: "Final text after the accepted amendments",
    noFinalText: "The final text cannot be made:",
  },
  de: {
    book: "Antragsbuch",
    state: "Stand",
    submitters: "Antragsteller*innen",
    supporters: "Unterstützer*innen",
    reason: "Begründung",
    amendments: "Änderungsanträge",
    lines: (from: number, to: number) => (from === to ? `Zeile ${from}` : `Zeilen ${from}–${to}`),
    replace: "Ersetze:",
    by: "Durch:",
    stale: "Dieser Änderungsantrag passt nicht mehr zum Text des Antrags.",
    finalText: "Endfassung nach den angenommenen Änderungsanträgen",
    noFinalText: "Die Endfassung kann nicht erstellt werden:",
  },
} as const;

const lineNumberWidth = 28;

/**
 * The motion book as a PDF: each motion with its text in numbered lines
 * (the numbering amendments refer to), its state, submitters and
 * recommendation, then its amendments with old and new text, and the final
 * text when accepted amendments changed it.
 */
export async function motionBookPdf(input: MotionBookInput): Promise<Buffer> {
  const text = labels[input.language];
  const { workflow, lineLength } = input.settings;
  const doc = pdfDocument({ title: `${text.book}: ${input.eventName}`, author: "Plenum", createdAt: input.createdAt });
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const submitterName = (submitter: Submitter) =>
    submitter.kind === "name" ? submitter.name : (input.names.get(submitter.participantId) ?? "?");

  const numbered = (source: string) => {
    for (const line of numberLines(source, lineLength)) {
      if (doc.y > doc.page.height - doc.page.margins.bottom - 14) doc.addPage();
      const y = doc.y;
      doc
        .font(FONT.regular)
        .fontSize(7)
        .fillColor("#666")
        .text(String(line.number), left, y + 1.5, { width: lineNumberWidth - 8, align: "right" });
      doc.fillColor("#000").fontSize(9.5);
      // The list marker is markup, not text of the line: printed as the web shows it.
      const marker = line.blockStart && line.block.type === "list_item" ? (line.block.ordered ? `${line.block.ordinal}. ` : "• ") : "";
      const runs = [...(marker === "" ? [] : [{ text: marker, strong: false }]), ...line.runs];
      if (runs.length === 0) runs.push({ text: " ", strong: false });
      runs.forEach((run, i) => {
        doc.font(run.strong ? FONT.bold : FONT.regular);
        const options = { width: width - lineNumberWidth, lineBreak: false, continued: i < runs.length - 1 };
        if (i === 0) doc.text(run.text, left + lineNumberWidth, y, options);
        else doc.text(run.text, options);
      });
      doc.x = left;
    }
  };
  const plain = (source: string, size = 9.5) => doc.font(FONT.regular).fontSize(size).text(source, left, doc.y, { width });

  doc.font(FONT.bold).fontSize(18).text(input.eventName, { width });
  doc.font(FONT.regular).fontSize(12).text(text.book, { width });
  for (const { motion, amendments } of input.entries) {
    doc.moveDown(1.5);
    doc
      .font(FONT.bold)
      .fontSize(14)
      .text(motion.number === null ? motion.title : `${motion.number}: ${motion.title}`, left, doc.y, { width });
    plain(`${text.state}: ${workflowState(workflow, motion.state).name}`, 9);
    plain(`${text.submitters}: ${motion.submitters.map(submitterName).join(", ")}`, 9);
    if (motion.minSupporters > 0 || motion.supporters.length > 0) plain(`${text.supporters}: ${motion.supporters.length}`, 9);
    if (motion.recommendation) doc.font(FONT.bold).fontSize(9).text(recommendationText(motion.recommendation, input.language), { width });
    doc.moveDown(0.5);
    numbered(motion.text);
    if (motion.reason.trim() !== "") {
      doc.moveDown(0.5);
      doc.font(FONT.bold).fontSize(10).text(text.reason, left, doc.y, { width });
      plain(motion.reason);
    }
    if (amendments.length > 0) {
      doc.moveDown(0.5);
      doc.font(FONT.bold).fontSize(11).text(text.amendments, left, doc.y, { width });
      for (const amendment of amendments) {
        doc.moveDown(0.4);
        const head = [amendment.number, text.lines(amendment.lineFrom, amendment.lineTo), workflowState(workflow, amendment.state).name];
        doc
          .font(FONT.bold)
          .fontSize(10)
          .text(head.filter((part) => part !== null).join(" · "), left, doc.y, { width });
        plain(`${text.submitters}: ${amendment.submitters.map(submitterName).join(", ")}`, 9);
        if (amendment.recommendation)
          doc.font(FONT.bold).fontSize(9).text(recommendationText(amendment.recommendation, input.language), { width });
        try {
          const change = amendmentChange(motion.text, lineLength, amendment);
          plain(`${text.replace} ${change.before}`);
          plain(`${text.by} ${change.after}`);
        } catch (error) {
          if (!isDomainError(error, "conflict")) throw error;
          plain(text.stale);
        }
      }
      try {
        const final = finalText(motion.text, lineLength, amendments, workflow);
        if (final !== motion.text) {
          doc.moveDown(0.5);
          doc.font(FONT.bold).fontSize(11).text(text.finalText, left, doc.y, { width });
          doc.moveDown(0.3);
          numbered(final);
        }
      } catch (error) {
        if (!isDomainError(error, "amendment_conflict") && !isDomainError(error, "conflict")) throw error;
        plain(`${text.noFinalText} ${error.message}`);
      }
    }
  }
  return pdfBytes(doc);
}
