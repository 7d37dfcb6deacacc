import { createRequire } from "node:module";
import PDFDocument from "pdfkit";

const require = createRequire(import.meta.url);
const fontFile = (face: "DejaVuSans" | "DejaVuSans-Bold"): string => require.resolve(`dejavu-fonts-ttf/ttf/${face}.ttf`);

/** The two faces every Plenum PDF uses, registered under these names. */
export const FONT = { regular: "body", bold: "body-bold" } as const;

export interface PdfMeta {
  readonly title: string;
  /** Shown as the document's author and in the footer of readers that display it. */
  readonly author: string;
  /** Fixed so that the same data gives the same bytes (a record is compared, not just read). */
  readonly createdAt: Date;
  readonly subject?: string;
  /** Searchable metadata; the record puts the hash of its source here (see domain/record-fingerprint.ts). */
  readonly keywords?: string;
}

/**
 * A PDFKit document with DejaVu Sans embedded: the standard 14 PDF fonts are
 * not embedded and cover only WinAnsi, so names outside it (ł, ő, č) would
 * print wrong; the embedded subset prints every European name as written.
 */
export function pdfDocument(meta: PdfMeta): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    bufferPages: true,
    info: {
      Title: meta.title,
      Author: meta.author,
      CreationDate: meta.createdAt,
      ModDate: meta.createdAt,
      ...(meta.subject === undefined ? {} : { Subject: meta.subject }),
      ...(meta.keywords === undefined ? {} : { Keywords: meta.keywords }),
    },
  });
  doc.registerFont(FONT.regular, fontFile("DejaVuSans"));
  doc.registerFont(FONT.bold, fontFile("DejaVuSans-Bold"));
  doc.font(FONT.regular);
  return doc;
}

/** Ends the document and collects its bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}
