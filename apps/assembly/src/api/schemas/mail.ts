import { z } from "zod";
import { languages } from "../../domain/language.ts";
import { maxBodyLength, maxSubjectLength } from "../../domain/mail-template.ts";
import { idSchema } from "./common.ts";

const language = z.enum(languages);
const mailText = z.strictObject({ subject: z.string().max(maxSubjectLength * 2), body: z.string().max(maxBodyLength * 2) });

/** An event's invitation mail template (the domain checks the placeholders). */
export const mailTemplateInput = z.strictObject({ defaultLanguage: language, en: mailText, de: mailText });
export type MailTemplateInput = z.input<typeof mailTemplateInput>;

/** Whom a chair sends invitations (or reminders) to; see `MailAudience`. */
export const sendMailInput = z.discriminatedUnion("audience", [
  z.strictObject({ audience: z.literal("all") }),
  z.strictObject({ audience: z.literal("unsent") }),
  z.strictObject({ audience: z.literal("reminder") }),
  z.strictObject({ audience: z.literal("selected"), participantIds: z.array(idSchema).min(1).max(20_000) }),
]);
export type SendMailInput = z.input<typeof sendMailInput>;

const state = z.enum(["queued", "sending", "sent", "failed", "uncertain"]);

/** Messages of the event, newest queued first; `state` narrows to one state (comma-separated for several). */
export const listMailInput = z.strictObject({
  state: z
    .string()
    .max(100)
    .transform((text) => text.split(","))
    .pipe(z.array(state).min(1))
    .optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
/** As the query string carries it: states comma-separated. */
export type ListMailInput = { readonly state?: string; readonly offset?: number; readonly limit?: number };

/** Messages a chair sends again (uncertain or failed ones), each with a new link. */
export const resendMailInput = z.strictObject({ mailIds: z.array(idSchema).min(1).max(1000) });
export type ResendMailInput = z.input<typeof resendMailInput>;

/** A participant asking for their link again. */
export const requestLinkInput = z.strictObject({ eventId: idSchema, email: z.string().min(1).max(320) });
export type RequestLinkInput = z.input<typeof requestLinkInput>;
