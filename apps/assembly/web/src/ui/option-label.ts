import { t } from "../i18n.ts";

/** Yes and no are the server's fixed options of yes/no polls: shown in the reader's language; other labels as the chair wrote them. */
export function optionLabel(kind: string, option: { id: string; label: string }): string {
  return kind === "yes_no_abstain" && (option.id === "yes" || option.id === "no") ? t(`vote.${option.id}`) : option.label;
}
