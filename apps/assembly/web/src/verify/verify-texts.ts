import { messages } from "../i18n.ts";

const en = {
  "verify.title": "Verify a record",
  "verify.explain":
    "Choose the JSON export and the PDF made from it, or enter the SHA-256 the PDF prints. The check runs in this browser; nothing is uploaded.",
  "verify.json": "JSON export",
  "verify.pdf": "PDF document",
  "verify.hash": "or the SHA-256 it prints",
  "verify.check": "Check",
  "verify.match": "✓ Match: this JSON export is the one the document was made from.",
  "verify.mismatch": "✗ Mismatch: this JSON export is not the one the document names. It was changed, or it belongs to another record.",
  "verify.hashes": "JSON export: {actual} · document: {expected}",
  "verify.noJson": "Please choose the JSON export.",
  "verify.badJson": "This file is not valid JSON.",
  "verify.noHash": "Please choose the PDF or enter its SHA-256 (64 hexadecimal digits).",
  "verify.pdfNoHash": "This PDF names no record hash. Is it a Plenum record document?",
};

/** The verify page's words (see `messages`). */
export const verifyText = messages(en, {
  "verify.title": "Unterlagen prüfen",
  "verify.explain":
    "Wählen Sie den JSON-Export und das daraus erstellte PDF, oder geben Sie den SHA-256-Wert ein, den das PDF druckt. Die Prüfung läuft in diesem Browser; nichts wird hochgeladen.",
  "verify.json": "JSON-Export",
  "verify.pdf": "PDF-Dokument",
  "verify.hash": "oder der darauf gedruckte SHA-256-Wert",
  "verify.check": "Prüfen",
  "verify.match": "✓ Übereinstimmung: Dieser JSON-Export ist der, aus dem das Dokument erstellt wurde.",
  "verify.mismatch":
    "✗ Keine Übereinstimmung: Dieser JSON-Export ist nicht der, den das Dokument nennt. Er wurde verändert oder gehört zu anderen Unterlagen.",
  "verify.hashes": "JSON-Export: {actual} · Dokument: {expected}",
  "verify.noJson": "Bitte wählen Sie den JSON-Export.",
  "verify.badJson": "Diese Datei ist kein gültiges JSON.",
  "verify.noHash": "Bitte wählen Sie das PDF oder geben Sie seinen SHA-256-Wert ein (64 Hexadezimalziffern).",
  "verify.pdfNoHash": "Dieses PDF nennt keinen Hashwert von Unterlagen. Ist es ein Dokument von Plenum?",
} satisfies Record<keyof typeof en, string>);
