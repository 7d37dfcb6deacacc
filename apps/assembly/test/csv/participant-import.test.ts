import { describe, expect, it } from "vitest";
import { parseParticipantCsv } from "../../src/csv/participant-import.ts";
import { serializeCsv } from "../../src/csv/serialize.ts";

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
        },
        { line: 3, name: "Ben", email: "ben@example.org", group: null, region: null, weight: 1, eligible: false, language: null },
        { line: 4, name: "Cem; Dr.", email: "cem@example.org", group: null, region: "Bayern", weight: 1, eligible: true, language: null },
      ],
    });
  });

  it("reads a language column (en/de, spelled out or not) and refuses other languages", () => {
    const result = parseParticipantCsv(
      "name,email,Sprache\nA,a@example.org,Deutsch\nB,b@example.org,EN\nC,c@example.org,\nD,d@example.org,fr\n",
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([{ line: 5, column: "language", reason: 'language "fr" is not en or de' }]);
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
    ].join("\n");
    const result = parseParticipantCsv(text, { existingEmails: new Set(["old@example.org"]) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { line: 3, column: "name", reason: "participant name must have 1 to 200 characters" },
      { line: 4, column: "eligible", reason: 'eligible "maybe" is not one of yes/no, true/false, 1/0, ja/nein' },
      { line: 4, column: "email", reason: 'invalid email "not-an-email"' },
      { line: 6, column: "email", reason: "ok@example.org already appears on line 2" },
      { line: 7, column: "email", reason: "old@example.org is already registered for this event" },
      { line: 8, reason: "6 fields but the header has 5" },
      { line: 9, column: "weight", reason: 'weight "1.5" is not a whole number' },
      { line: 10, column: "weight", reason: "weight must be an integer from 1 to 1000000000" },
    ]);
  });

  it("refuses a header without name or email, or with a field twice", () => {
    const result = parseParticipantCsv("Name,Region,Bundesland\nA,b,c");
    expect(result).toEqual({
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
