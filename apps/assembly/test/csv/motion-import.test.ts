import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseMotionCsv } from "../../src/csv/motion-import.ts";
import { serializeCsv } from "../../src/csv/serialize.ts";

const participants = [
  { id: "p-anna", name: "Anna Müller", email: "anna@example.org" },
  { id: "p-ben1", name: "Ben Klein", email: "ben1@example.org" },
  { id: "p-ben2", name: "Ben  Klein", email: "ben2@example.org" },
];
const agendaItems = [
  { id: "item-1", position: 0, title: "Begrüßung" },
  { id: "item-2", position: 1, title: "Anträge zur Satzung" },
  { id: "item-3", position: 2, title: "Sonstige Anträge" },
];

describe("parseMotionCsv", () => {
  it("reads German headers, multi-line texts, submitters and agenda items", () => {
    const text =
      "\uFEFFAntragsnummer;Titel;Antragstext;Begründung;Antragsteller*innen;Sachgebiet;TOP;Notiz\r\n" +
      'S1;Satzung § 3;"Der Parteitag möge beschließen:\r\n\r\n- § 3 wird gestrichen";Veraltet.;"anna müller; KV Nord";Satzung;TOP 2;x\r\n' +
      '; Mehr Bäume ;"Die Stadt pflanzt **mehr** Bäume.";;ben2@example.org;;sonstige anträge;\r\n';
    expect(parseMotionCsv(text, { participants, agendaItems, minSupporters: 3 })).toEqual({
      ok: true,
      ignoredColumns: ["Notiz"],
      motions: [
        {
          line: 2,
          number: "S1",
          title: "Satzung § 3",
          text: "Der Parteitag möge beschließen:\n\n- § 3 wird gestrichen",
          reason: "Veraltet.",
          submitters: [
            { kind: "participant", participantId: "p-anna" },
            { kind: "name", name: "KV Nord" },
          ],
          minSupporters: 3,
          category: "Satzung",
          agendaItemId: "item-2",
        },
        {
          line: 5,
          number: null,
          title: "Mehr Bäume",
          text: "Die Stadt pflanzt **mehr** Bäume.",
          reason: "",
          submitters: [{ kind: "participant", participantId: "p-ben2" }],
          minSupporters: 3,
          category: null,
          agendaItemId: "item-3",
        },
      ],
    });
  });

  it("reports every bad row with its line, nothing imported", () => {
    const text = [
      "number,title,text,submitters,agenda",
      "A1,Gut,Text,Anna Müller,",
      "A2,,Text,Anna Müller,",
      "A3,Ohne Text,,Anna Müller,",
      'a1,Doppelt,"Text\nüber zwei Zeilen",Anna Müller,',
      "A4,Schon da,Text,Anna Müller,",
      "A5,Wer?,Text,Ben Klein,",
      "A6,Wer?,Text,nobody@example.org,",
      "A7,Niemand,Text,,",
      "A8,Wo?,Text,Anna Müller,TOP 9",
      "A9,Zu viel,Text,Anna Müller,,extra",
      "A 10!,Nummer,Text,Anna Müller,",
    ].join("\n");
    const result = parseMotionCsv(text, { participants, agendaItems, existingNumbers: ["a4"] });
    expect(result).toMatchObject({
      ok: false,
      errors: [
        { line: 3, column: "title", reason: "title must have 1 to 300 characters" },
        { line: 4, column: "text", reason: "a motion needs a text" },
        { line: 5, column: "number", reason: "motion a1 already appears on line 2" },
        { line: 7, column: "number", reason: "motion A4 already exists in this event" },
        { line: 8, column: "submitters", reason: '2 participants are named "Ben Klein": give the email of the one meant' },
        { line: 9, column: "submitters", reason: "no participant has the email nobody@example.org" },
        { line: 10, column: "submitters", reason: "a motion needs 1 to 100 submitters" },
        { line: 11, column: "agenda", reason: 'no agenda item "TOP 9"' },
        { line: 12, reason: "6 fields but the header has 5" },
        { line: 13, column: "number", reason: 'motion number "A 10!" must be 1-20 letters, digits, - . / or spaces' },
      ],
    });
  });

  it("refuses files that are empty, malformed, too long or lack required columns", () => {
    expect(parseMotionCsv("")).toMatchObject({ ok: false, errors: [{ line: 1, reason: "the file is empty" }] });
    expect(parseMotionCsv("title,text,submitters\n")).toMatchObject({
      ok: false,
      errors: [{ line: 1, reason: "the file has a header but no motions" }],
    });
    expect(parseMotionCsv('title,text,submitters\n"open,x,y')).toMatchObject({
      ok: false,
      errors: [{ line: 2, reason: "line 2: unterminated quoted field" }],
    });
    expect(parseMotionCsv("Titel,Betreff,Text\nA,B,C")).toMatchObject({
      ok: false,
      errors: [
        { line: 1, column: "title", reason: 'more than one column means title: "Betreff"' },
        { line: 1, column: "submitters", reason: "no submitters column in the header" },
      ],
    });
    expect(parseMotionCsv("title,text,submitters\na,b,c\nd,e,f", { maxRows: 1 })).toMatchObject({
      ok: false,
      errors: [{ line: 1, reason: "too many rows: 2, at most 1" }],
    });
  });

  it("reads back what a spreadsheet writes, whatever the texts (property)", () => {
    const cell = fc.string({ unit: fc.constantFrom(...'ab ;,"\n*#-', "ä"), minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== "");
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cell, cell, fc.stringMatching(/^[A-Z][a-z]{1,8}$/)), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(";", ","),
        (rows, separator) => {
          const csv = serializeCsv([["Titel", "Text", "Antragsteller"], ...rows], { separator: separator as ";" | "," });
          const result = parseMotionCsv(csv);
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          expect(result.motions.map((motion) => [motion.title, motion.text, motion.submitters])).toEqual(
            rows.map(([title, text, name]) => [title.trim(), text.trim(), [{ kind: "name", name }]]),
          );
        },
      ),
    );
  });
});
