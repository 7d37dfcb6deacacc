import { useState } from "preact/hooks";
import { mailRoutes } from "../../../src/api/routes/mail.ts";
import type { MailTemplate } from "../../../src/domain/mail-template.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { useFetched } from "./use-fetched.ts";
import { SubmitForm } from "../ui/submit-form.tsx";

const LANGUAGES = ["en", "de"] as const;

/** The event's invitation mail, per language; the server checks it too ({link} is required). */
export function MailTemplateForm({ eventId }: { eventId: string }) {
  const fetched = useFetched(mailRoutes.mailTemplate, { params: { eventId } });
  const [saved, setSaved] = useState(false);
  const [missingLink, setMissingLink] = useState<string | null>(null);
  const save = useAction(async (form: HTMLFormElement) => {
    setSaved(false);
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "");
    const lacking = LANGUAGES.find((language) => !text(`${language}.body`).includes("{link}"));
    setMissingLink(lacking ?? null);
    if (lacking) return;
    const template: MailTemplate = {
      defaultLanguage: text("defaultLanguage") === "de" ? "de" : "en",
      en: { subject: text("en.subject"), body: text("en.body") },
      de: { subject: text("de.subject"), body: text("de.body") },
    };
    await call(mailRoutes.saveMailTemplate, { params: { eventId }, body: template });
    setSaved(true);
  });
  const template = fetched.data?.template;
  if (!template) return <ErrorText error={fetched.error} />;
  return (
    <SubmitForm action={save} class="stack mail-template">
      <p class="muted">{t("mail.placeholders")}</p>
      <label>
        {t("mail.defaultLanguage")}
        <select name="defaultLanguage" defaultValue={template.defaultLanguage}>
          {LANGUAGES.map((language) => (
            <option key={language} value={language}>
              {t(`language.${language}`)}
            </option>
          ))}
        </select>
      </label>
      {LANGUAGES.map((language) => (
        <fieldset key={language} class="stack">
          <legend>{t(`language.${language}`)}</legend>
          <label>
            {t("mail.subject")}
            <input name={`${language}.subject`} required maxLength={200} defaultValue={template[language].subject} />
          </label>
          <label>
            {t("mail.body")}
            <textarea name={`${language}.body`} required rows={9} maxLength={10_000} defaultValue={template[language].body} />
          </label>
        </fieldset>
      ))}
      {missingLink && (
        <p class="error" role="alert">
          {t("mail.linkRequired", { language: t(`language.${missingLink as "en" | "de"}`) })}
        </p>
      )}
      <ErrorText error={save.error} />
      <div class="actions">
        <button type="submit" disabled={save.busy}>
          {t("mail.saveTemplate")}
        </button>
        {saved && (
          <span role="status" class="success">
            {t("mail.templateSaved")}
          </span>
        )}
      </div>
    </SubmitForm>
  );
}
