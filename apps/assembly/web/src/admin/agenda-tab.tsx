import { useState } from "preact/hooks";
import { agendaRoutes } from "../../../src/api/routes/agenda.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import type { AgendaItem } from "../model.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { mayChange, type ConsoleContext } from "./console-context.ts";
import { ShowOnScreens } from "./show-on-screens.tsx";
import { useFetched } from "./use-fetched.ts";
import { SubmitForm } from "../ui/submit-form.tsx";

/** One item's title and description, edited in place. */
function ItemEditor({ ctx, item, onDone }: { ctx: ConsoleContext; item: AgendaItem; onDone: (saved: boolean) => void }) {
  const save = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    await call(agendaRoutes.updateAgendaItem, {
      params: { eventId: ctx.eventId, itemId: item.id },
      body: { title: String(data.get("title") ?? ""), description: String(data.get("description") ?? "") },
    });
    onDone(true);
  });
  return (
    <SubmitForm action={save} class="stack item-editor" aria-label={t("agenda.editing", { title: item.title })}>
      <label>
        {t("field.title")}
        <input name="title" required maxLength={300} defaultValue={item.title} />
      </label>
      <label>
        {t("field.description")}
        <textarea name="description" rows={2} maxLength={20000} defaultValue={item.description} />
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={save.busy}>
          {t("save")}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          {t("cancel")}
        </button>
      </div>
      <ErrorText error={save.error} />
    </SubmitForm>
  );
}

/** The agenda: add, edit, reorder, delete (the server refuses items that have polls). */
export function AgendaTab({ ctx }: { ctx: ConsoleContext }) {
  const agenda = useFetched(agendaRoutes.listAgenda, { params: { eventId: ctx.eventId } });
  const add = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    await call(agendaRoutes.addAgendaItem, {
      params: { eventId: ctx.eventId },
      body: { title: String(data.get("title") ?? ""), description: String(data.get("description") ?? "") },
    });
    form.reset();
    agenda.reload();
  });
  const change = useAction(async (itemId: string, position: number | "delete") => {
    const params = { eventId: ctx.eventId, itemId };
    await (position === "delete"
      ? call(agendaRoutes.deleteAgendaItem, { params })
      : call(agendaRoutes.moveAgendaItem, { params, body: { position } }));
    agenda.reload();
  });
  const [editing, setEditing] = useState<string | null>(null);
  const items = agenda.data?.items ?? [];
  return (
    <div class="stack">
      <h2>{t("tab.agenda")}</h2>
      <ErrorText error={agenda.error ?? change.error} />
      <ol class="agenda admin-agenda">
        {items.map((item, index) => (
          <li key={item.id}>
            {editing === item.id ? (
              <ItemEditor
                ctx={ctx}
                item={item}
                onDone={(saved) => {
                  setEditing(null);
                  if (saved) agenda.reload();
                }}
              />
            ) : (
              <>
                <span>
                  <strong>{item.title}</strong>
                  {item.description && <span class="muted"> — {item.description}</span>}
                </span>
                {mayChange(ctx) && (
                  <span class="actions">
                    <button type="button" onClick={() => setEditing(item.id)} aria-label={t("agenda.edit", { title: item.title })}>
                      {t("edit")}
                    </button>
                    <button
                      type="button"
                      disabled={index === 0 || change.busy}
                      onClick={() => void change.run(item.id, index - 1)}
                      aria-label={t("agenda.up", { title: item.title })}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      disabled={index === items.length - 1 || change.busy}
                      onClick={() => void change.run(item.id, index + 1)}
                      aria-label={t("agenda.down", { title: item.title })}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      disabled={change.busy}
                      onClick={() => void change.run(item.id, "delete")}
                      aria-label={t("agenda.delete", { title: item.title })}
                    >
                      {t("delete")}
                    </button>
                  </span>
                )}
                <ShowOnScreens ctx={ctx} content={{ kind: "agendaItem", agendaItemId: item.id }} what={item.title} />
              </>
            )}
          </li>
        ))}
      </ol>
      {mayChange(ctx) && (
        <SubmitForm action={add} class="stack">
          <h3>{t("agenda.add")}</h3>
          <label>
            {t("field.title")}
            <input name="title" required maxLength={300} />
          </label>
          <label>
            {t("field.description")}
            <textarea name="description" rows={2} maxLength={20000} />
          </label>
          <button type="submit" class="primary" disabled={add.busy}>
            {t("agenda.add")}
          </button>
          <ErrorText error={add.error} />
        </SubmitForm>
      )}
    </div>
  );
}
