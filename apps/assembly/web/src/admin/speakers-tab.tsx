import { useState } from "preact/hooks";
import { participantRoutes } from "../../../src/api/routes/participants.ts";
import { speakerRoutes } from "../../../src/api/routes/speakers.ts";
import { call, download } from "../api.ts";
import { useLanguage } from "../i18n.ts";
import { type ConsoleKey, t } from "./console-texts.ts";
import type { SpeakerListView } from "../model.ts";
import { speakerListTitle } from "../participant/speakers-section.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { SpeakerClock } from "../ui/speaker-clock.tsx";
import { useAction } from "../ui/use-action.ts";
import { mayChange, type ConsoleContext } from "./console-context.ts";
import { ShowOnScreens } from "./show-on-screens.tsx";
import { useFetched } from "./use-fetched.ts";
import { CsvButtons, type CsvSeparatorName } from "./csv-buttons.tsx";
import { SubmitForm } from "../ui/submit-form.tsx";

type Kind = SpeakerListView["queue"][number]["kind"];
type ListParams = { eventId: string; listId: string };

const minutes = (ms: number | null): string => (ms === null ? "" : String(ms / 60_000));
const fromMinutes = (value: FormDataEntryValue | null): number | null => {
  const text = String(value ?? "").trim();
  return text === "" ? null : Math.round(Number(text.replace(",", ".")) * 60_000);
};

/** Kinds, time limits and the fair-order rule of one list. */
function SettingsForm({ list, params }: { list: SpeakerListView; params: ListParams }) {
  const { settings } = list;
  const save = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const alternateBy = String(data.get("alternateBy") ?? "");
    const firstTimeFirst = data.get("firstTimeFirst") === "on";
    const balanceSpeakingTime = data.get("balanceSpeakingTime") === "on";
    const fair = alternateBy !== "" || firstTimeFirst || balanceSpeakingTime;
    await call(speakerRoutes.updateSpeakerList, {
      params,
      body: {
        pointsOfOrder: data.get("pointsOfOrder") === "on",
        proContra: data.get("proContra") === "on",
        timeLimitMs: fromMinutes(data.get("timeLimit")),
        pointOfOrderTimeLimitMs: fromMinutes(data.get("pointOfOrderTimeLimit")),
        fairOrder: fair
          ? { alternateBy: alternateBy === "" ? null : (alternateBy as "group" | "region"), firstTimeFirst, balanceSpeakingTime }
          : null,
      },
    });
  });
  return (
    <SubmitForm action={save} class="stack">
      <h4>{t("speakers.settings")}</h4>
      <label class="check">
        <input type="checkbox" name="pointsOfOrder" defaultChecked={settings.pointsOfOrder} /> {t("speakers.pointsOfOrder")}
      </label>
      <label class="check">
        <input type="checkbox" name="proContra" defaultChecked={settings.proContra} /> {t("speakers.proContra")}
      </label>
      <label>
        {t("speakers.timeLimit")}
        <input name="timeLimit" inputMode="decimal" defaultValue={minutes(settings.timeLimitMs)} />
      </label>
      <label>
        {t("speakers.pointOfOrderTimeLimit")}
        <input name="pointOfOrderTimeLimit" inputMode="decimal" defaultValue={minutes(settings.pointOfOrderTimeLimitMs)} />
      </label>
      <fieldset>
        <legend>{t("speakers.fairOrder")}</legend>
        <label>
          {t("speakers.alternateBy")}
          <select name="alternateBy" defaultValue={settings.fairOrder?.alternateBy ?? ""}>
            <option value="">{t("speakers.alternate.none")}</option>
            <option value="group">{t("speakers.alternate.group")}</option>
            <option value="region">{t("speakers.alternate.region")}</option>
          </select>
        </label>
        <label class="check">
          <input type="checkbox" name="firstTimeFirst" defaultChecked={settings.fairOrder?.firstTimeFirst ?? false} />{" "}
          {t("speakers.firstTimeFirst")}
        </label>
        <label class="check">
          <input type="checkbox" name="balanceSpeakingTime" defaultChecked={settings.fairOrder?.balanceSpeakingTime ?? false} />{" "}
          {t("speakers.balance")}
        </label>
      </fieldset>
      <button type="submit" disabled={save.busy}>
        {t("save")}
      </button>
      <ErrorText error={save.error} />
    </SubmitForm>
  );
}

/** Put someone on the list: search the roll, pick, add. */
function AddSpeaker({ list, params }: { list: SpeakerListView; params: ListParams }) {
  const [search, setSearch] = useState("");
  const found = useFetched(participantRoutes.listParticipants, { params: { eventId: params.eventId }, query: { search, limit: 50 } });
  const add = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    await call(speakerRoutes.addSpeaker, {
      params,
      body: { participantId: String(data.get("participantId") ?? ""), kind: String(data.get("kind") ?? "normal") as Kind },
    });
  });
  const kinds: Kind[] = [
    "normal",
    ...(list.settings.proContra ? (["pro", "contra"] as const) : []),
    ...(list.settings.pointsOfOrder ? (["point_of_order"] as const) : []),
  ];
  return (
    <SubmitForm action={add} class="inline-form">
      <label>
        {t("participants.search")}
        <input type="search" value={search} onInput={(event) => setSearch((event.currentTarget as HTMLInputElement).value)} />
      </label>
      <label>
        {t("speakers.participant")}
        <select name="participantId" required>
          {found.data?.items.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("speakers.kind")}
        <select name="kind">
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`speakers.kind.${kind}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={add.busy}>
        {t("speakers.add")}
      </button>
      <ErrorText error={add.error ?? found.error} />
    </SubmitForm>
  );
}

/** One list as the chair runs it: the floor, the queue, the list's state and settings. */
export function ChairList({ ctx, list, title }: { ctx: ConsoleContext; list: SpeakerListView; title: string }) {
  const [language] = useLanguage();
  const params = { eventId: ctx.eventId, listId: list.id };
  const change = useAction((action: () => Promise<unknown>) => action());
  const changes = mayChange(ctx);
  const fair = list.settings.fairOrder !== null;
  const run = (action: () => Promise<unknown>) => () => void change.run(action);
  /** A step on the whole list, which needs nothing but the list. */
  const step = (route: typeof speakerRoutes.stopSpeaker, label: ConsoleKey) => (
    <button type="button" disabled={change.busy} onClick={run(() => call(route, { params }))}>
      {t(label)}
    </button>
  );
  return (
    <article class="speaker-list chair" aria-labelledby={`chair-speakers-${list.id}`} data-testid={`chair-speakers-${list.id}`}>
      <h3 id={`chair-speakers-${list.id}`}>{title}</h3>
      <ShowOnScreens ctx={ctx} content={{ kind: "speakers", listId: list.id }} what={title} />
      <div class="floor">
        {list.current ? (
          <p>
            {t("speakers.current")}: <strong data-testid="current-speaker">{list.current.name}</strong> (
            {t(`speakers.kind.${list.current.kind}`)}) <SpeakerClock current={list.current} />
          </p>
        ) : (
          <p class="muted">{t("speakers.nobody")}</p>
        )}
        {changes && (
          <div class="actions">
            {list.queue.length > 0 && (
              <button
                type="button"
                class="primary"
                disabled={change.busy}
                onClick={run(() => call(speakerRoutes.startSpeaker, { params, body: {} }))}
              >
                {t("speakers.startNext")}
              </button>
            )}
            {list.current && (
              <>
                {step(speakerRoutes.stopSpeaker, "speakers.stop")}
                {list.current.runningSince === null
                  ? step(speakerRoutes.resumeSpeaker, "speakers.resume")
                  : step(speakerRoutes.pauseSpeaker, "speakers.pause")}
              </>
            )}
            {list.closed
              ? step(speakerRoutes.reopenSpeakerList, "speakers.reopen")
              : step(speakerRoutes.closeSpeakerList, "speakers.close")}
          </div>
        )}
        <ErrorText error={change.error} />
      </div>
      {list.closed && <p class="notice">{t("speakers.closed")}</p>}
      <p class="muted">
        {t("speakers.waiting", { count: list.queue.length })} · {t("speakers.done", { count: list.done })}
      </p>
      {list.queue.length === 0 && <p class="muted">{t("speakers.queueEmpty")}</p>}
      <ol class="speaker-queue" data-testid="speaker-queue">
        {list.queue.map((seat, index) => {
          const entry = { ...params, entryId: seat.entryId };
          return (
            <li key={seat.entryId}>
              <span class="name">{seat.name}</span> <span class={`pill kind-${seat.kind}`}>{t(`speakers.kind.${seat.kind}`)}</span>
              {changes && (
                <span class="row-actions">
                  <button
                    type="button"
                    disabled={change.busy}
                    onClick={run(() => call(speakerRoutes.startSpeaker, { params, body: { entryId: seat.entryId } }))}
                  >
                    {t("speakers.start")}
                  </button>
                  <button
                    type="button"
                    disabled={change.busy || fair || index === 0}
                    onClick={run(() => call(speakerRoutes.moveSpeaker, { params: entry, body: { position: index - 1 } }))}
                  >
                    {t("speakers.up")}
                  </button>
                  <button
                    type="button"
                    disabled={change.busy || fair || index === list.queue.length - 1}
                    onClick={run(() => call(speakerRoutes.moveSpeaker, { params: entry, body: { position: index + 1 } }))}
                  >
                    {t("speakers.down")}
                  </button>
                  <button type="button" disabled={change.busy} onClick={run(() => call(speakerRoutes.removeSpeaker, { params: entry }))}>
                    {t("speakers.remove")}
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ol>
      {fair && <p class="muted">{t("speakers.fairOrderMovesHint")}</p>}
      <section aria-label={t("speakers.rule")}>
        <h4>{t("speakers.rule")}</h4>
        <p data-testid="speaker-rule">{list.rule[language]}</p>
      </section>
      {changes && <AddSpeaker list={list} params={params} />}
      {changes && <SettingsForm key={JSON.stringify(list.settings)} list={list} params={params} />}
    </article>
  );
}

/** The lists of speakers per agenda item: open one, run it, export the speaking time. */
export function SpeakersTab({ ctx }: { ctx: ConsoleContext }) {
  const agenda = ctx.live.model?.agenda ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const itemId = chosen ?? agenda[0]?.id ?? null;
  const lists = (ctx.speakers.model?.lists ?? []).filter((list) => list.agendaItemId === itemId);
  const open = useAction(async () => {
    if (itemId !== null) await call(speakerRoutes.openSpeakerList, { params: { eventId: ctx.eventId }, body: { agendaItemId: itemId } });
  });
  const exportAs = useAction((format: "csv" | "json", separator?: CsvSeparatorName) =>
    download(
      speakerRoutes.speakingStatistics,
      { params: { eventId: ctx.eventId }, query: { format, separator } },
      `${ctx.eventId}-speaking-time.${format}`,
    ),
  );
  return (
    <div class="stack">
      <label>
        {t("field.agendaItem")}
        <select value={itemId ?? ""} onChange={(event) => setChosen((event.currentTarget as HTMLSelectElement).value)}>
          {agenda.map((item) => (
            <option key={item.id} value={item.id}>
              {item.title}
            </option>
          ))}
        </select>
      </label>
      {mayChange(ctx) && itemId !== null && !lists.some((list) => list.motionId === null) && (
        <button type="button" class="primary" disabled={open.busy} onClick={() => void open.run()}>
          {t("speakers.open")}
        </button>
      )}
      <ErrorText error={open.error} />
      {lists.map((list) => (
        <ChairList key={list.id} ctx={ctx} list={list} title={speakerListTitle(list, agenda)} />
      ))}
      <div class="actions">
        <CsvButtons what={t("speakers.exportCsv")} busy={exportAs.busy} onDownload={(separator) => void exportAs.run("csv", separator)} />
        <button type="button" disabled={exportAs.busy} onClick={() => void exportAs.run("json")}>
          {t("speakers.exportJson")}
        </button>
      </div>
      <ErrorText error={exportAs.error} />
    </div>
  );
}
