import type { Language } from "../api/errors.ts";

export type { Language };

/** The languages the app speaks, in the web UI and in its mail. */
export const languages = ["en", "de"] as const satisfies readonly Language[];

const SPELLINGS: Readonly<Record<string, Language>> = {
  en: "en",
  english: "en",
  englisch: "en",
  de: "de",
  german: "de",
  deutsch: "de",
};

/** A language as a person writes it in a member list ("de", "Deutsch", "EN"...); undefined when it is none we speak. */
export function parseLanguage(text: string): Language | undefined {
  const key = text.trim().toLowerCase();
  return Object.hasOwn(SPELLINGS, key) ? SPELLINGS[key] : undefined;
}

export const isLanguage = (value: unknown): value is Language =>
  typeof value === "string" && (languages as readonly string[]).includes(value);
