import { describe, expect, it } from "vitest";
import { csvRowError, csvRowErrorCatalogue, csvRowErrorText } from "../../src/api/csv-row-errors.ts";
import { parseParticipantCsv } from "../../src/csv/participant-import.ts";

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();

describe("the CSV row error catalogue", () => {
  it("has an English and a German text for every code, naming the same values", () => {
    for (const [code, { en, de }] of Object.entries(csvRowErrorCatalogue)) {
      expect(en.trim(), `${code} has no English text`).not.toBe("");
      expect(de.trim(), `${code} has no German text`).not.toBe("");
      expect(placeholders(de), `${code}: the German text names other values`).toEqual(placeholders(en));
      // Only a domain refusal is passed through as written.
      if (code !== "refused") expect(de, `${code}: the German text is the English one`).not.toBe(en);
    }
  });

  it("fills every placeholder from the params, in both languages", () => {
    for (const [code, { en }] of Object.entries(csvRowErrorCatalogue)) {
      const params = Object.fromEntries(placeholders(en).map((name, index) => [name, `v${index}`]));
      for (const language of ["en", "de"] as const) {
        const text = csvRowErrorText(code, params, language, "fallback");
        expect(text, `${code} in ${language}`).not.toMatch(/[{}]/);
        for (const value of Object.values(params)) expect(text, `${code} in ${language}`).toContain(value);
      }
    }
  });

  it("builds the English reason from the same entry the German text comes from", () => {
    const error = csvRowError(7, { code: "email_repeated", params: { email: "a@x.org", first: 3 } }, "email");
    expect(error).toEqual({
      line: 7,
      column: "email",
      code: "email_repeated",
      params: { email: "a@x.org", first: 3 },
      reason: "a@x.org already appears on line 3",
    });
    expect(csvRowErrorText(error.code, error.params, "de", error.reason)).toBe("a@x.org steht schon in Zeile 3");
  });

  it("falls back to the server's reason for a code it does not know", () => {
    expect(csvRowErrorText("from_a_newer_server", {}, "de", "the reason")).toBe("the reason");
  });

  it("gives every row error of an import a code, params and the English reason", () => {
    const result = parseParticipantCsv("name,email,weight,language\nAnna,anna@x.org,1.5,fr\nBen\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { line: 2, column: "weight", code: "weight_not_whole", params: { value: "1.5" }, reason: 'weight "1.5" is not a whole number' },
      { line: 2, column: "language", code: "language_unknown", params: { value: "fr" }, reason: 'language "fr" is not en or de' },
      { line: 3, code: "field_count_one", params: { width: 4 }, reason: "1 field but the header has 4" },
    ]);
    expect(result.errors.map((error) => csvRowErrorText(error.code, error.params, "de", error.reason))).toEqual([
      "Stimmgewicht „1.5“ ist keine ganze Zahl",
      "Sprache „fr“ ist weder en noch de",
      "1 Feld, aber die Kopfzeile hat 4",
    ]);
  });
});
