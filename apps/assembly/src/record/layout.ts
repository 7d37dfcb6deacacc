import { setImmediate as nextTurn } from "node:timers/promises";
import { recordKeyword } from "../domain/record-fingerprint.ts";
import { FONT, pdfBytes, pdfDocument } from "../pdf/document.ts";
import type { EventExport } from "../store/store.ts";
import type { RecordTexts } from "./texts.ts";

/** What every record document is made from: one JSON export and the SHA-256 of its canonical form. */
export interface RecordSource {
  readonly data: EventExport;
  readonly sha256: string;
}

/**
 * A record document begun: its title, the event, and the hash of the export
 * it is made from, on the first page and in the metadata; `finishRecord`
 * repeats the hash on every page. The creation date is the export's, so the
 * same export gives the same bytes.
 */
export function recordDocument(title: string, source: RecordSource, texts: RecordTexts): PDFKit.PDFDocument {
  const { event, exportedAt } = source.data;
  const doc = pdfDocument({
    title: `${title}: ${event.name}`,
    author: texts.t("record.author"),
    createdAt: new Date(exportedAt),
    subject: texts.t("record.subject", { event: event.name, hash: source.sha256 }),
    keywords: recordKeyword(source.sha256),
  });
  doc.font(FONT.bold).fontSize(18).text(title);
  doc
    .font(FONT.regular)
    .fontSize(12)
    .text(texts.t("minutes.event", { event: event.name, date: texts.dateTime(exportedAt) }));
  doc
    .moveDown(0.3)
    .fontSize(8)
    .text(texts.t("record.madeFrom", { date: texts.dateTime(exportedAt) }))
    .text(source.sha256);
  doc.moveDown();
  return doc;
}

/** Pages given their foot between two turns of the event loop (see `rowsPerTurn`). */
const pagesPerTurn = 20;

/** Puts the hash and the page number at the foot of every page, then ends the document. */
export async function finishRecord(doc: PDFKit.PDFDocument, source: RecordSource, texts: RecordTexts): Promise<Buffer> {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    if (index > range.start && index % pagesPerTurn === 0) await nextTurn();
    doc.switchToPage(index);
    const { page } = doc;
    const bottom = page.margins.bottom;
    // Writing below the bottom margin would start a new page.
    page.margins.bottom = 0;
    doc
      .font(FONT.regular)
      .fontSize(7)
      .text(texts.t("record.footer", { hash: source.sha256, page: index + 1, pages: range.count }), page.margins.left, page.height - 36, {
        width: page.width - page.margins.left - page.margins.right,
        align: "center",
        lineBreak: false,
      });
    page.margins.bottom = bottom;
  }
  return pdfBytes(doc);
}

export function heading(doc: PDFKit.PDFDocument, text: string, level: 1 | 2 = 1): void {
  doc
    .moveDown(0.5)
    .font(FONT.bold)
    .fontSize(level === 1 ? 14 : 11)
    .text(text, doc.page.margins.left);
  doc.font(FONT.regular).fontSize(10).moveDown(0.2);
}

export function paragraph(doc: PDFKit.PDFDocument, text: string): void {
  doc.font(FONT.regular).fontSize(10).text(text, doc.page.margins.left);
}

/** Label and value, one pair a line. */
export function fields(doc: PDFKit.PDFDocument, pairs: readonly (readonly [string, string])[]): void {
  for (const [label, value] of pairs) {
    doc.font(FONT.bold).fontSize(10).text(`${label}: `, doc.page.margins.left, undefined, { continued: true });
    doc.font(FONT.regular).text(value);
  }
}

export interface Column {
  readonly header: string;
  /** Share of the text width, all columns adding up to 1. */
  readonly share: number;
}

/** Rows drawn between two turns of the event loop: PDFKit draws synchronously. */
const rowsPerTurn = 200;

/**
 * A table whose header row is repeated on every page it runs over. Drawing
 * gives way to the event loop every few rows: the attendance list of 20,000
 * takes seconds, and the node meanwhile serves its live sockets.
 */
export async function table(doc: PDFKit.PDFDocument, columns: readonly Column[], rows: readonly (readonly string[])[]): Promise<void> {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const widths = columns.map((column) => column.share * width);
  const heightOf = (cells: readonly string[], font: string): number => {
    doc.font(font).fontSize(9);
    return Math.max(...cells.map((cell, index) => doc.heightOfString(cell, { width: widths[index]! - 4 }))) + 3;
  };
  const fits = (height: number): boolean => doc.y + height <= doc.page.height - doc.page.margins.bottom;
  const draw = (cells: readonly string[], font: string, height: number): void => {
    doc.font(font).fontSize(9);
    const top = doc.y;
    let x = left;
    cells.forEach((cell, index) => {
      doc.text(cell, x, top, { width: widths[index]! - 4 });
      x += widths[index]!;
    });
    doc.x = left;
    doc.y = top + height;
  };
  const headers = columns.map((column) => column.header);
  const headerHeight = heightOf(headers, FONT.bold);
  if (!fits(headerHeight * 2)) doc.addPage();
  draw(headers, FONT.bold, headerHeight);
  for (const [index, row] of rows.entries()) {
    if (index > 0 && index % rowsPerTurn === 0) await nextTurn();
    const height = heightOf(row, FONT.regular);
    if (!fits(height)) {
      doc.addPage();
      draw(headers, FONT.bold, headerHeight);
    }
    draw(row, FONT.regular, height);
  }
  doc.font(FONT.regular).fontSize(10);
}
