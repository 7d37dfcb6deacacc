import type { Language } from "../domain/language.ts";
import { defaultMailTemplate, type MailTemplate, validateMailTemplate } from "../domain/mail-template.ts";
import type { StoreContext } from "./context.ts";
import { requireEvent } from "./events-repo.ts";

export async function getMailTemplate(ctx: StoreContext, eventId: string): Promise<MailTemplate> {
  await requireEvent(ctx.db, eventId);
  const row = await ctx.db.selectFrom("mail_templates").selectAll().where("event_id", "=", eventId).executeTakeFirst();
  if (row === undefined) return defaultMailTemplate;
  return {
    defaultLanguage: row.default_language as Language,
    en: { subject: row.subject_en, body: row.body_en },
    de: { subject: row.subject_de, body: row.body_de },
  };
}

export async function saveMailTemplate(ctx: StoreContext, eventId: string, input: MailTemplate): Promise<MailTemplate> {
  const template = validateMailTemplate(input);
  await requireEvent(ctx.db, eventId);
  const columns = {
    default_language: template.defaultLanguage,
    subject_en: template.en.subject,
    body_en: template.en.body,
    subject_de: template.de.subject,
    body_de: template.de.body,
    updated_at: ctx.now(),
  };
  await ctx.db
    .insertInto("mail_templates")
    .values({ event_id: eventId, ...columns })
    .onConflict((conflict) => conflict.column("event_id").doUpdateSet(columns))
    .execute();
  return template;
}
