import { DomainError } from "./errors.ts";
import { isLanguage, type Language } from "./language.ts";

/** The subject and body of one language's invitation mail, with `{name}`, `{event}` and `{link}` placeholders. */
export interface MailText {
  readonly subject: string;
  readonly body: string;
}

/**
 * An event's invitation mail: one text per language, and the language of
 * participants who have none of their own.
 */
export interface MailTemplate {
  readonly defaultLanguage: Language;
  readonly en: MailText;
  readonly de: MailText;
}

/** What the placeholders stand for in one participant's mail. */
export interface MailValues {
  readonly name: string;
  readonly event: string;
  readonly link: string;
}

export const maxSubjectLength = 200;
export const maxBodyLength = 10_000;

export const defaultMailTemplate: MailTemplate = {
  defaultLanguage: "en",
  en: {
    subject: "Your invitation: {event}",
    body: [
      "Hello {name},",
      "",
      "you are invited to take part in {event}.",
      "",
      "Your personal link (please do not pass it on, it is your vote):",
      "{link}",
      "",
      "If you did not expect this message, you can ignore it.",
    ].join("\n"),
  },
  de: {
    subject: "Ihre Einladung: {event}",
    body: [
      "Hallo {name},",
      "",
      "Sie sind zur Teilnahme an {event} eingeladen.",
      "",
      "Ihr persönlicher Link (bitte nicht weitergeben, er ist Ihre Stimme):",
      "{link}",
      "",
      "Falls Sie diese Nachricht nicht erwartet haben, können Sie sie ignorieren.",
    ].join("\n"),
  },
};

/** The subject line of a reminder: the invitation's, marked as a reminder. */
export const reminderPrefix: Readonly<Record<Language, string>> = { en: "Reminder: ", de: "Erinnerung: " };

const PLACEHOLDER = /\{(name|event|link)\}/g;
const UNKNOWN_PLACEHOLDER = /\{(?!(?:name|event|link)\})[^{}\s]{1,40}\}/;

function validateText(text: MailText, language: Language): MailText {
  const field = (name: keyof MailText) => `${language}.${name}`;
  const subject = text.subject.trim();
  const body = text.body.replace(/\r\n?/g, "\n").trim();
  if (subject.length === 0 || subject.length > maxSubjectLength || /[\r\n]/.test(subject)) {
    throw new DomainError("invalid", `the ${language} subject must be one line of 1 to ${maxSubjectLength} characters`, {
      field: field("subject"),
    });
  }
  if (body.length === 0 || body.length > maxBodyLength) {
    throw new DomainError("invalid", `the ${language} text must have 1 to ${maxBodyLength} characters`, { field: field("body") });
  }
  // Without the link the mail is useless; a mail the chair cannot see before it goes out must not lack it.
  if (!body.includes("{link}")) {
    throw new DomainError("invalid", `the ${language} text must contain the {link} placeholder`, { field: field("body") });
  }
  for (const [name, value] of [
    ["subject", subject],
    ["body", body],
  ] as const) {
    const unknown = UNKNOWN_PLACEHOLDER.exec(value);
    if (unknown) {
      throw new DomainError("invalid", `unknown placeholder ${unknown[0]} in the ${language} ${name}: use {name}, {event} or {link}`, {
        field: field(name),
      });
    }
  }
  return { subject, body };
}

/** Validates a template as a chair wrote it; the result (trimmed, \n line ends) is what is stored. */
export function validateMailTemplate(template: MailTemplate): MailTemplate {
  if (!isLanguage(template.defaultLanguage)) {
    throw new DomainError("invalid", "the default language must be en or de", { field: "defaultLanguage" });
  }
  return {
    defaultLanguage: template.defaultLanguage,
    en: validateText(template.en, "en"),
    de: validateText(template.de, "de"),
  };
}

/**
 * Fills the placeholders in one pass, so a value that itself reads like a
 * placeholder (a name "{link}") is never expanded.
 */
export function fillPlaceholders(text: string, values: MailValues): string {
  return text.replace(PLACEHOLDER, (_whole, name: keyof MailValues) => values[name]);
}

/** One participant's mail: the text of their language, filled; a reminder's subject says so. */
export function renderMail(template: MailTemplate, language: Language, values: MailValues, reminder: boolean): MailText {
  const text = template[language];
  // Header injection is impossible through a name: the subject is one line, and values lose their line breaks there.
  const oneLine = { ...values, name: values.name.replace(/[\r\n]+/g, " "), event: values.event.replace(/[\r\n]+/g, " ") };
  const subject = fillPlaceholders(text.subject, oneLine);
  return { subject: reminder ? `${reminderPrefix[language]}${subject}` : subject, body: fillPlaceholders(text.body, values) };
}
