import type { Language } from "../domain/language.ts";
import { localIsoTime } from "../domain/local-time.ts";
import { type CsvTextKey, csvDictionaries } from "./csv-texts.ts";
import type { CsvSeparator } from "./parse.ts";

/** How an export is written: the separator asked for (`?separator=`), else the language's. */
export type CsvSeparatorName = "comma" | "semicolon";

/**
 * The conventions of one export. A `;` file writes decimal commas, a `,`
 * file decimal points: a German Excel splits on `;` and reads "12,5" as a
 * number, an English one splits on `,` and reads "12.5"; the other pairings
 * would split numbers or leave them text. Times are on the event's clock.
 */
export interface CsvFormat {
  readonly separator: CsvSeparator;
  readonly language: Language;
  /** A cell's text in the export's language, `{name}` filled from `vars`. */
  text(key: CsvTextKey, vars?: Readonly<Record<string, string | number>>): string;
  yesNo(value: boolean): string;
  /** A number; decimals with the separator's decimal mark. */
  number(value: number | string): string;
  /** An instant as the event's local time with its offset; "" for none. */
  time(at: string | null): string;
}

/** German events get `;` (German Excel's list separator), the others `,`, unless the request names one. */
export function csvFormat(language: Language, timeZone: string, separator?: CsvSeparatorName): CsvFormat {
  const chosen = separator ?? (language === "de" ? "semicolon" : "comma");
  const decimalComma = chosen === "semicolon";
  const words = csvDictionaries[language];
  const text: CsvFormat["text"] = (key, vars) =>
    words[key].replace(/\{(\w+)\}/g, (whole, name: string) => (vars && name in vars ? String(vars[name]) : whole));
  return {
    separator: decimalComma ? ";" : ",",
    language,
    text,
    yesNo: (value) => text(value ? "yes" : "no"),
    number: (value) => (decimalComma ? String(value).replace(".", ",") : String(value)),
    time: (at) => (at === null ? "" : localIsoTime(at, timeZone)),
  };
}
