import { useState } from "preact/hooks";
import { electionRoutes } from "../../../src/api/routes/elections.ts";
import { type EventCounts, eventRoutes } from "../../../src/api/routes/events.ts";
import { exportRoutes } from "../../../src/api/routes/exports.ts";
import { pollRoutes } from "../../../src/api/routes/polls.ts";
import { call, download } from "../api.ts";
import { t } from "./console-texts.ts";
import { Busy } from "../ui/busy.tsx";
import { ConfirmDialog } from "../ui/confirm-dialog.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { mayChange, type ConsoleContext } from "./console-context.ts";
import { CsvButtons, type CsvSeparatorName } from "./csv-buttons.tsx";
import { RecordPanel } from "./record-panel.tsx";
import { SettingsForm } from "./settings-form.tsx";
import { SsoForm } from "./sso-form.tsx";
import { SubmitForm } from "../ui/submit-form.tsx";

const csvExports = [
  { route: exportRoutes.exportAttendance, file: "attendance.csv", label: "setup.exportAttendance" },
  { route: exportRoutes.exportResults, file: "results.csv", label: "setup.exportResults" },
] as const;

const transitions = { open: eventRoutes.openEvent, close: eventRoutes.closeEvent };

/** Name (owners), open/close, voting settings and time zone, and the minutes exports (not for observers). */
export function SetupTab({ ctx }: { ctx: ConsoleContext }) {
  const params = { eventId: ctx.eventId };
  const rename = useAction(async (form: HTMLFormElement) => {
    await call(eventRoutes.updateEvent, { params, body: { name: String(new FormData(form).get("name") ?? "") } });
    ctx.reload();
  });
  const transition = useAction(async (verb: keyof typeof transitions) => {
    setConfirming(null);
    await call(transitions[verb], { params });
    ctx.reload();
  });
  /*
   * Both steps are asked first: opening lets everyone with a link in (and is
   * not taken back by closing), closing ends the day with what is published
   * so far, so votes counted but never published are listed.
   */
  const [confirming, setConfirming] = useState<
    { verb: "open"; counts: EventCounts } | { verb: "close"; unpublished: readonly string[] } | null
  >(null);
  const ask = useAction(async (verb: keyof typeof transitions) => {
    // Counted now, not when the console loaded: links may have gone out since.
    if (verb === "open") return setConfirming({ verb, counts: (await call(eventRoutes.getEvent, { params })).counts });
    const [{ polls }, { elections }] = await Promise.all([
      call(pollRoutes.listPolls, { params }),
      call(electionRoutes.listElections, { params }),
    ]);
    const unpublished = [...polls, ...elections].filter((vote) => vote.status === "closed").map((vote) => vote.title);
    setConfirming({ verb, unpublished });
  });
  const fetchCsv = useAction(({ route, file }: (typeof csvExports)[number], separator: CsvSeparatorName) =>
    download(route, { params, query: { separator } }, `${ctx.eventId}-${file}`),
  );
  const fetchJson = useAction(() => download(exportRoutes.exportEvent, { params }, `${ctx.eventId}-event.json`));
  const exporting = fetchCsv.busy || fetchJson.busy;
  const { status } = ctx.event;
  return (
    <div class="stack">
      {ctx.role === "owner" && (
        <SubmitForm action={rename} class="inline">
          <label>
            {t("admin.eventName")}
            <input name="name" required maxLength={200} defaultValue={ctx.event.name} key={ctx.event.name} />
          </label>
          <button type="submit" disabled={rename.busy}>
            {t("save")}
          </button>
        </SubmitForm>
      )}
      <ErrorText error={rename.error} />
      <h2>{t("setup.status")}</h2>
      <p>
        {t("setup.statusNow")} <strong data-testid="event-status">{t(`event.status.${status}`)}</strong>
      </p>
      {mayChange(ctx) && (
        <div class="actions">
          {status !== "open" && (
            <button type="button" class="primary" disabled={transition.busy || ask.busy} onClick={() => void ask.run("open")}>
              {t("setup.open")}
            </button>
          )}
          {status === "open" && (
            <button type="button" disabled={transition.busy || ask.busy} onClick={() => void ask.run("close")}>
              {t("setup.close")}
            </button>
          )}
          {(transition.busy || ask.busy) && <Busy />}
        </div>
      )}
      <ErrorText error={transition.error ?? ask.error} />
      <ConfirmDialog
        open={confirming !== null}
        danger={confirming?.verb === "close"}
        title={confirming?.verb === "close" ? t("setup.closeTitle") : t("setup.openTitle")}
        confirmLabel={confirming?.verb === "close" ? t("setup.close") : t("setup.open")}
        cancelLabel={t("cancel")}
        onConfirm={() => confirming && void transition.run(confirming.verb)}
        onCancel={() => setConfirming(null)}
      >
        {confirming?.verb === "open" && <p>{t("setup.openExplain", { ...confirming.counts })}</p>}
        {confirming?.verb === "close" && (
          <>
            <p>{t("setup.closeExplain")}</p>
            {confirming.unpublished.length > 0 && (
              <>
                <p class="warning">{t("setup.closeUnpublished")}</p>
                <ul data-testid="unpublished-votes">
                  {confirming.unpublished.map((title, index) => (
                    <li key={index}>{title}</li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </ConfirmDialog>
      <SettingsForm ctx={ctx} />
      <SsoForm ctx={ctx} />
      {mayChange(ctx) && (
        <>
          <h2>{t("setup.exports")}</h2>
          <div class="actions">
            {csvExports.map((entry) => (
              <CsvButtons
                key={entry.file}
                what={t(entry.label)}
                busy={exporting}
                onDownload={(separator) => void fetchCsv.run(entry, separator)}
              />
            ))}
            <button type="button" disabled={exporting} onClick={() => void fetchJson.run()}>
              {t("setup.exportEvent")}
            </button>
            {exporting && <Busy />}
          </div>
          <ErrorText error={fetchCsv.error ?? fetchJson.error} />
          <RecordPanel ctx={ctx} />
        </>
      )}
    </div>
  );
}
