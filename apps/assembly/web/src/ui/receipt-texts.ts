import { messages } from "../i18n.ts";

const en = {
  "receipt.title": "Check your receipt",
  "receipt.explain":
    "After each vote your phone shows a receipt code. It proves that your ballot was counted, and says nothing about how you voted, so it is of no use to anyone who wants to buy or force a vote. Keep it: after a secret vote has closed, its receipt codes are published, and you can find yours among them.",
  "receipt.code": "Receipt code",
  "receipt.check": "Check",
  "receipt.counted": "Counted: your ballot in “{poll}” is in the count.",
  "receipt.notCounted":
    "Not found: no ballot with this receipt code was counted in this assembly. Please check the code for typing errors.",
  "receipt.format": "A receipt code has 24 characters: the letters A–Z and the digits 2–7.",
  "receipt.onDevice": "Your receipts on this device",
  "receipt.published": "Published receipt codes",
  "receipt.publishedCount":
    "Ballots counted: {count}. Each line is the SHA-256 hash of one receipt code (of “plenum:receipt”, a zero byte and the code).",
  "receipt.mineListed": "✓ Your receipt {code} is in the list.",
  "receipt.mineMissing": "✗ Your receipt {code} is not in the list.",
  "receipt.find": "Find a receipt code in the list",
  "receipt.found": "✓ This receipt code is in the list.",
  "receipt.notFound": "✗ This receipt code is not in the list.",
  "receipt.more": "… and {count} more: use the search above.",
};

/** The words of checking receipts, on the phone and the projector (see `messages`). */
export const receiptText = messages(en, {
  "receipt.title": "Beleg prüfen",
  "receipt.explain":
    "Nach jeder Stimmabgabe zeigt Ihr Telefon einen Belegcode. Er belegt, dass Ihr Stimmzettel gezählt wurde, und sagt nichts darüber, wie Sie abgestimmt haben; wer Stimmen kaufen oder erzwingen will, kann damit nichts anfangen. Bewahren Sie ihn auf: Nach dem Ende einer geheimen Abstimmung werden ihre Belegcodes veröffentlicht, und Sie können Ihren darin finden.",
  "receipt.code": "Belegcode",
  "receipt.check": "Prüfen",
  "receipt.counted": "Gezählt: Ihr Stimmzettel in „{poll}“ ist in der Zählung.",
  "receipt.notCounted":
    "Nicht gefunden: In dieser Versammlung wurde kein Stimmzettel mit diesem Belegcode gezählt. Bitte prüfen Sie den Code auf Tippfehler.",
  "receipt.format": "Ein Belegcode hat 24 Zeichen: die Buchstaben A–Z und die Ziffern 2–7.",
  "receipt.onDevice": "Ihre Belege auf diesem Gerät",
  "receipt.published": "Veröffentlichte Belegcodes",
  "receipt.publishedCount":
    "Gezählte Stimmzettel: {count}. Jede Zeile ist der SHA-256-Hashwert eines Belegcodes (von „plenum:receipt“, einem Null-Byte und dem Code).",
  "receipt.mineListed": "✓ Ihr Beleg {code} ist in der Liste.",
  "receipt.mineMissing": "✗ Ihr Beleg {code} ist nicht in der Liste.",
  "receipt.find": "Belegcode in der Liste suchen",
  "receipt.found": "✓ Dieser Belegcode ist in der Liste.",
  "receipt.notFound": "✗ Dieser Belegcode ist nicht in der Liste.",
  "receipt.more": "… und {count} weitere: Bitte nutzen Sie die Suche oben.",
} satisfies Record<keyof typeof en, string>);
