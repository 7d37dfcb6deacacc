import { useState } from "preact/hooks";
import { motionRoutes } from "../../../src/api/routes/motions.ts";
import { Topics } from "../../../src/api/topics.ts";
import { call, download } from "../api.ts";
import { useLanguage } from "../i18n.ts";
import { t } from "./console-texts.ts";
import { tm } from "../motions/motion-messages.ts";
import { useLiveView } from "../live/hooks.ts";
import type { MotionListView } from "../model.ts";
import { recommendationLine } from "../motions/motion-text.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { ActionForm } from "../ui/action-form.tsx";
import { Field } from "../ui/field.tsx";
import { useAction } from "../ui/use-action.ts";
import { AgendaOptions } from "./agenda-options.tsx";
import { mayChange, type ConsoleContext } from "./console-context.ts";
import { ImportPanel } from "./import-panel.tsx";
import { MotionDetail } from "./motion-detail.tsx";

/** One submitter per line: the chair types names (a chapter, a committee, a person). */
const submittersOf = (text: string) =>
  text
    .split("\n")
    .map((name) => name.trim())
    .filter((name) => name !== "")
    .map((name) => ({ kind: "name" as const, name }));

function NewMotionForm({ ctx }: { ctx: ConsoleContext }) {
  const agenda = ctx.live.model?.agenda ?? [];
  const create = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const field = (name: string) => String(data.get(name) ?? "");
    const agendaItemId = field("agendaItemId");
    await call(motionRoutes.createMotion, {
      params: { eventId: ctx.eventId },
      body: {
        number: field("number").trim() || null,
        title: field("title"),
        text: field("text"),
        reason: field("reason"),
        submitters: submittersOf(field("submitters")),
        minSupporters: Number(field("minSupporters") || 0),
        category: field("category").trim() || null,
        agendaItemId: agendaItemId === "" ? null : agendaItemId,
      },
    });
    form.reset();
  });
  return (
    <ActionForm label={tm("motions.new")} action={create} class="motion-form">
      <div class="row">
        <Field label={tm("motion.number")} name="number" maxLength={20} />
        <Field label={tm("motion.title")} name="title" maxLength={200} required />
      </div>
      <label>
        {tm("motion.text")}
        <textarea name="text" rows={6} required />
      </label>
      <p class="muted">{tm("motion.textHelp")}</p>
      <label>
        {tm("motion.reason")}
        <textarea name="reason" rows={3} />
      </label>
      <label>
        {tm("motion.submitters")}
        <textarea name="submitters" rows={2} required />
      </label>
      <div class="row">
        <label>
          {tm("motion.minSupporters")}
          <input name="minSupporters" type="number" min={0} max={1000} value="0" />
        </label>
        <Field label={tm("motion.category")} name="category" maxLength={100} />
        <label>
          {tm("motion.agendaItem")}
          <select name="agendaItemId">
            <option value="">—</option>
            <AgendaOptions agenda={agenda} />
          </select>
        </label>
      </div>
      <div class="actions">
        <button type="submit" class="primary" disabled={create.busy}>
          {tm("motions.create")}
        </button>
      </div>
    </ActionForm>
  );
}

function Settings({ ctx, list }: { ctx: ConsoleContext; list: MotionListView }) {
  const save = useAction(
    async (patch: { participantMotions?: boolean; participantAmendments?: boolean; defaultWorkflow?: "en" | "de" }) => {
      await call(motionRoutes.updateMotionSettings, { params: { eventId: ctx.eventId }, body: patch });
    },
  );
  return (
    <fieldset class="stack motion-settings">
      <legend>{tm("motions.settings")}</legend>
      <label class="check">
        <input
          type="checkbox"
          checked={list.participantMotions}
          disabled={save.busy}
          onChange={(event) => void save.run({ participantMotions: event.currentTarget.checked })}
        />
        {tm("motions.settings.participantMotions")}
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={list.participantAmendments}
          disabled={save.busy}
          onChange={(event) => void save.run({ participantAmendments: event.currentTarget.checked })}
        />
        {tm("motions.settings.participantAmendments")}
      </label>
      <div class="actions">
        <button type="button" disabled={save.busy} onClick={() => void save.run({ defaultWorkflow: "en" })}>
          {tm("motions.settings.workflowEn")}
        </button>
        <button type="button" disabled={save.busy} onClick={() => void save.run({ defaultWorkflow: "de" })}>
          {tm("motions.settings.workflowDe")}
        </button>
      </div>
      <ErrorText error={save.error} />
    </fieldset>
  );
}

/** The motion book: the live list, one motion at a time in detail, new motions, the CSV import, settings and the PDF. */
export function MotionsTab({ ctx }: { ctx: ConsoleContext }) {
  const [language] = useLanguage();
  const live = useLiveView<MotionListView>(ctx.connection, Topics.motions(ctx.eventId));
  const [selected, setSelected] = useState<string | null>(null);
  const book = useAction(async () => {
    await download(motionRoutes.motionBook, { params: { eventId: ctx.eventId }, query: { language } }, `motions-${ctx.eventId}.pdf`);
  });
  const list = live.model;
  return (
    <div class="stack motions-tab">
      <h2>{t("tab.motions")}</h2>
      <div class="actions">
        <button type="button" disabled={book.busy} onClick={() => void book.run()}>
          {tm("motions.book")}
        </button>
      </div>
      <ErrorText error={book.error} />
      {list && list.motions.length === 0 && <p class="muted">{tm("motions.none")}</p>}
      {list && list.motions.length > 0 && (
        <table class="motion-list">
          <thead>
            <tr>
              <th>{tm("motion.number")}</th>
              <th>{tm("motion.title")}</th>
              <th>{tm("motion.state")}</th>
              <th>{tm("motion.supportersShort")}</th>
              <th>{tm("amendment.list")}</th>
            </tr>
          </thead>
          <tbody>
            {list.motions.map((motion) => (
              <tr key={motion.id} aria-current={motion.id === selected ? "true" : undefined}>
                <td>{motion.number ?? "—"}</td>
                <td>
                  <button type="button" class="link" onClick={() => setSelected(motion.id)}>
                    {motion.title}
                  </button>
                  {motion.recommendation && <div class="muted">{recommendationLine(motion.recommendation)}</div>}
                </td>
                <td>{motion.state.name}</td>
                <td>
                  {motion.supporters}
                  {motion.minSupporters > 0 && ` / ${motion.minSupporters}`}
                </td>
                <td>{motion.amendments}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && <MotionDetail key={selected} ctx={ctx} motionId={selected} />}
      {mayChange(ctx) && list && (
        <>
          <NewMotionForm ctx={ctx} />
          <Settings ctx={ctx} list={list} />
          <ImportPanel eventId={ctx.eventId} what="motions" onImported={() => undefined} />
        </>
      )}
    </div>
  );
}
