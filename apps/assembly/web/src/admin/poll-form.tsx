import { useState } from "preact/hooks";
import { api } from "../api.ts";
import { t } from "../i18n.ts";
import type { AgendaItem, PollKind } from "../model.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { eventPath } from "./console-context.ts";

const kinds: PollKind[] = ["yes_no_abstain", "single_choice", "multiple_choice"];
const majorities = ["simple", "absolute", "two_thirds"] as const;

/** A new draft poll; the server fills the defaults and explains what it refuses. */
export function PollForm({ eventId, agenda, onCreated }: { eventId: string; agenda: AgendaItem[]; onCreated: () => void }) {
  const [kind, setKind] = useState<PollKind>("yes_no_abstain");
  const create = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "");
    const options = text("options")
      .split("\n")
      .map((label) => label.trim())
      .filter(Boolean)
      .map((label) => ({ label }));
    const number = (name: string) => (text(name) === "" ? undefined : Number(text(name)));
    await api("POST", eventPath(eventId, "/polls"), {
      agendaItemId: text("agendaItemId"),
      title: text("title"),
      description: text("description"),
      kind,
      ...(kind === "yes_no_abstain" ? {} : { options, allowAbstain: data.get("allowAbstain") === "on" }),
      ...(kind === "multiple_choice" ? { minChoices: number("minChoices"), maxChoices: number("maxChoices") } : {}),
      secret: data.get("secret") === "on",
      majority: { kind: text("majority") },
    });
    form.reset();
    setKind("yes_no_abstain");
    onCreated();
  });
  if (agenda.length === 0) return <p class="notice">{t("polls.needAgenda")}</p>;
  return (
    <form
      class="stack poll-form"
      onSubmit={(event) => {
        event.preventDefault();
        void create.run(event.currentTarget as HTMLFormElement);
      }}
    >
      <h2>{t("polls.new")}</h2>
      <label>
        {t("field.agendaItem")}
        <select name="agendaItemId" required>
          {agenda.map((item) => (
            <option key={item.id} value={item.id}>
              {item.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("field.title")}
        <input name="title" required maxLength={300} />
      </label>
      <label>
        {t("field.description")}
        <textarea name="description" rows={2} maxLength={20000} />
      </label>
      <label>
        {t("polls.kind")}
        <select name="kind" value={kind} onChange={(event) => setKind((event.currentTarget as HTMLSelectElement).value as PollKind)}>
          {kinds.map((name) => (
            <option key={name} value={name}>
              {t(`kind.${name}`)}
            </option>
          ))}
        </select>
      </label>
      {kind !== "yes_no_abstain" && (
        <>
          <label>
            {t("polls.options")}
            <textarea name="options" rows={4} required />
          </label>
          <label class="check">
            <input type="checkbox" name="allowAbstain" defaultChecked />
            {t("polls.allowAbstain")}
          </label>
        </>
      )}
      {kind === "multiple_choice" && (
        <div class="inline">
          <label>
            {t("polls.minChoices")}
            <input name="minChoices" type="number" min={1} inputMode="numeric" />
          </label>
          <label>
            {t("polls.maxChoices")}
            <input name="maxChoices" type="number" min={1} inputMode="numeric" />
          </label>
        </div>
      )}
      <label>
        {t("polls.majority")}
        <select name="majority">
          {majorities.map((name) => (
            <option key={name} value={name}>
              {t(`majority.${name}`)}
            </option>
          ))}
        </select>
      </label>
      <label class="check">
        <input type="checkbox" name="secret" />
        {t("polls.secret")}
      </label>
      <button type="submit" class="primary" disabled={create.busy}>
        {t("polls.create")}
      </button>
      <ErrorText error={create.error} />
    </form>
  );
}
