import { messages } from "../i18n.ts";

const en = {
  "record.title": "The record",
  "record.explain":
    "A record is the event's JSON export as it is at that moment, kept under the SHA-256 of its canonical form. Every PDF made from it prints that hash, so anyone can check the PDF against the JSON.",
  "record.issue": "Make a record now",
  "record.none": "No record yet.",
  "record.made": "{date} · SHA-256 {hash}",
  "record.json": "JSON export",
  "record.minutes": "Minutes (PDF)",
  "record.attendance": "Attendance list (PDF)",
  "record.namedVotes": "Named votes (PDF)",
  "record.results": "Results (PDF)",
  "record.verifyLink": "Check a JSON export against a PDF",
};

/** The record panel's words (see `messages`). */
export const recordText = messages(en, {
  "record.title": "Die Unterlagen",
  "record.explain":
    "Unterlagen sind der JSON-Export der Versammlung, wie sie in diesem Moment ist, aufbewahrt unter dem SHA-256-Hashwert seiner kanonischen Form. Jedes daraus erstellte PDF druckt diesen Hashwert, sodass jeder das PDF gegen den JSON-Export prüfen kann.",
  "record.issue": "Jetzt Unterlagen erstellen",
  "record.none": "Noch keine Unterlagen.",
  "record.made": "{date} · SHA-256 {hash}",
  "record.json": "JSON-Export",
  "record.minutes": "Protokoll (PDF)",
  "record.attendance": "Anwesenheitsliste (PDF)",
  "record.namedVotes": "Namentliche Abstimmungen (PDF)",
  "record.results": "Ergebnisse (PDF)",
  "record.verifyLink": "JSON-Export gegen ein PDF prüfen",
} satisfies Record<keyof typeof en, string>);
