import { describe, expect, it } from "vitest";
import { parseParticipantCsv } from "../../src/csv/participant-import.ts";
import { serializeCsv } from "../../src/csv/serialize.ts";

/** Asserts the file is refused with exactly `errors`, in order. */
function expectRefused(text: string, errors: readonly { line: number; column?: string; reason: string }[]): void {
  expect(parseParticipantCsv(text)).toMatchObject({ ok: false, errors });
}

describe("parseParticipantCsv", () => {
  it("maps German headers, applies defaults and ignores unknown columns", () => {
    const text =
      "\uFEFFVollständiger Name;E-Mail-Adresse;Landesverband;Kreisverband;Stimmgewicht;Stimmberechtigt;Notiz\r\n" +
      "Anna Müller;Anna@Example.org ;Berlin;Mitte;2;ja;x\r\n" +
      "Ben;ben@example.org;;;;nein;\r\n" +
      '"Cem; Dr.";cem@example.org;Bayern;;;;\r\n';
    const result = parseParticipantCsv(text);
    expect(result).toEqual({
      ok: true,
      ignoredColumns: ["Notiz"],
      columns: new Set(["name", "email", "region", "group", "weight", "eligible"]),
      participants: [
        {
          line: 2,
          name: "Anna Müller",
          email: "anna@example.org",
          group: "Mitte",
          region: "Berlin",
          weight: 2,
          eligible: true,
          language: null,
          memberNumber: null,
        },
        {
          line: 3,
          name: "Ben",
          email: "ben@example.org",
          group: null,
          region: null,
          weight: 1,
          eligible: false,
          language: null,
          memberNumber: null,
        },
        {
          line: 4,
          name: "Cem; Dr.",
          email: "cem@example.org",
          group: null,
          region: "Bayern",
          weight: 1,
          eligible: true,
          language: null,
          memberNumber: null,
        },
      ],
    });
  });

  it("reads a member number column as written", () => {
    const result = parseParticipantCsv("Name;E-Mail;Mitgliedsnummer\nA;a@example.org; 00123 \nB;b@example.org;\n");
    expect(result.ok && result.participants.map((p) => p.memberNumber)).toEqual(["00123", null]);
  });

  it("reads a language column (en/de, spelled out or not) and refuses other languages", () => {
    const result = parseParticipantCsv(
      "name,email,Sprache\nA,a@example.org,Deutsch\nB,b@example.org,EN\nC,c@example.org,\nD,d@example.org,fr\n",
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject([{ line: 5, column: "language", reason: 'language "fr" is not en or de' }]);
    const valid = parseParticipantCsv("name,email,language\nA,a@example.org,de\nB,b@example.org,English\nC,c@example.org,\n");
    expect(valid.ok && valid.participants.map((p) => p.language)).toEqual(["de", "en", null]);
  });

  it("reports every bad row with its line and reason, including duplicates", () => {
    const text = [
      "name,email,region,weight,eligible",
      "Ok,ok@example.org,,,",
      ",missing-name@example.org,,,",
      '"Multi\nLine",not-an-email,,0,maybe',
      "Dup,OK@example.org,,,",
      "Old,old@example.org,,,",
      "Extra,extra@example.org,,,,surplus",
      "Frac,frac@example.org,,1.5,",
      "Zero,zero@example.org,,0,",
      "Maybe,not-an-email,,,maybe",
    ].join("\n");
    const result = parseParticipantCsv(text, { existingEmails: new Set(["old@example.org"]) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject([
      { line: 3, column: "name", reason: "participant name must have 1 to 200 characters" },
      // A quoted line break is a valid CSV field, but no name holds one; the next record starts on line 6.
      { line: 4, column: "name", reason: "name contains U+000A (a control character) at character 6" },
      { line: 6, column: "email", reason: "ok@example.org already appears on line 2" },
      { line: 7, column: "email", reason: "old@example.org is already registered for this event" },
      { line: 8, reason: "6 fields but the header has 5" },
      { line: 9, column: "weight", reason: 'weight "1.5" is not a whole number' },
      { line: 10, column: "weight", reason: "weight 0 is not positive (weights are whole numbers from 1 to 1000000000)" },
      { line: 11, column: "eligible", reason: 'eligible "maybe" is not one of yes/no, true/false, 1/0, ja/nein' },
      { line: 11, column: "email", reason: 'invalid email "not-an-email"' },
    ]);
  });

  it.each([
    {
      what: "says what is wrong with a weight: not whole, not positive, too large",
      lines: ["name,email,weight", "A,a@x.org,-2", "B,b@x.org,2.5", "C,c@x.org,2000000000", "D,d@x.org,+3"],
      errors: [
        { line: 2, column: "weight", reason: "weight -2 is not positive (weights are whole numbers from 1 to 1000000000)" },
        { line: 3, column: "weight", reason: 'weight "2.5" is not a whole number' },
        { line: 4, column: "weight", reason: "weight 2000000000 is too large (weights are whole numbers from 1 to 1000000000)" },
      ],
    },
    {
      what: "reports a row with too few or too many fields as such, not as an empty email",
      lines: ["name;email;region", "Anna", "Ben;ben@x.org", "Cem;cem@x.org;Nord;extra", "Dana;dana@x.org;Süd"],
      errors: [
        { line: 2, reason: "1 field but the header has 3" },
        { line: 3, reason: "2 fields but the header has 3" },
        { line: 4, reason: "4 fields but the header has 3" },
      ],
    },
  ])("$what", ({ lines, errors }) => expectRefused(lines.join("\n"), errors));

  it("refuses control and bidirectional characters in every imported field, each with line and column", () => {
    const text = [
      "name,email,group,region,weight,eligible,notes",
      'Anna\u202Enosnhoj,anna@x.org,"G\tH",\u0085North,1\u200E,ja,ok',
      '"Ben\nBenson",b\u2066en@x.org,,,,,',
      "Cem,cem@x.org,,,,\u061Cja,",
      // Columns that are not imported are not judged: a notes column may hold line breaks.
      'Dana,dana@x.org,,,,,"line one\nline two \u202E"',
    ].join("\n");
    expectRefused(text, [
      { line: 2, column: "name", reason: "name contains U+202E (a bidirectional control) at character 5" },
      { line: 2, column: "group", reason: "group contains U+0009 (a control character) at character 2" },
      { line: 2, column: "region", reason: "region contains U+0085 (a control character) at character 1" },
      { line: 2, column: "weight", reason: "weight contains U+200E (a bidirectional control) at character 2" },
      { line: 3, column: "name", reason: "name contains U+000A (a control character) at character 4" },
      { line: 3, column: "email", reason: "email contains U+2066 (a bidirectional control) at character 2" },
      { line: 5, column: "eligible", reason: "eligible contains U+061C (a bidirectional control) at character 1" },
    ]);
    // Surrounding whitespace is trimmed before the check: a trailing tab from a spreadsheet paste is harmless.
    expect(parseParticipantCsv('name,email\n"Eva\t",eva@x.org\t\n')).toMatchObject({ ok: true, participants: [{ name: "Eva" }] });
  });

  it("refuses a header without name or email, or with a field twice", () => {
    const result = parseParticipantCsv("Name,Region,Bundesland\nA,b,c");
    expect(result).toMatchObject({
      ok: false,
      errors: [
        { line: 1, column: "region", reason: 'more than one column means region: "Bundesland"' },
        { line: 1, column: "email", reason: "no email column in the header" },
      ],
    });
  });

  it("refuses empty files, header-only files, too many rows and broken quoting", () => {
    expect(parseParticipantCsv("")).toMatchObject({ ok: false, errors: [{ line: 1, reason: "the file is empty" }] });
    expect(parseParticipantCsv("name,email\n")).toMatchObject({ ok: false, errors: [{ line: 1 }] });
    expect(parseParticipantCsv("name,email\na,a@x.org\nb,b@x.org", { maxRows: 1 })).toMatchObject({
      ok: false,
      errors: [{ reason: "too many rows: 2, at most 1" }],
    });
    expect(parseParticipantCsv('name,email\na,a@x.org\n"b,b@x.org')).toMatchObject({ ok: false, errors: [{ line: 3 }] });
  });

  it("validates 20,000 rows in well under a second", () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [`Person ${i}`, `p${i}@example.org`, `R${i % 16}`, "1", "yes"]);
    const text = serializeCsv([["Name", "Email", "Region", "Weight", "Eligible"], ...rows], { separator: ";", bom: true });
    const started = performance.now();
    const result = parseParticipantCsv(text, { existingEmails: new Set(["someone@else.org"]) });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(result.ok && result.participants.length).toBe(20_000);
  });
});
