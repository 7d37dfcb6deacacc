import { languages, t, useLanguage } from "../i18n.ts";

export function LanguageSwitch() {
  const [language, setLanguage] = useLanguage();
  return (
    <label class="language-switch">
      <span class="visually-hidden">{t("language")}</span>
      <select value={language} onChange={(event) => setLanguage((event.currentTarget as HTMLSelectElement).value)}>
        {languages.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(`language.${code}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
