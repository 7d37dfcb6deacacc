import { eventRoutes } from "../../../src/api/routes/events.ts";
import { exportRoutes } from "../../../src/api/routes/exports.ts";
import { call, download } from "../api.ts";
import { t } from "./console-texts.ts";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { mayChange, type ConsoleContext } from "./console-context.ts";
import { RecordPanel } from "./record-panel.tsx";
import { SettingsForm } from "./settings-form.tsx";
import { SsoForm } from "./sso-form.tsx";
import { SubmitForm } from "../ui/submit-form.tsx";

const exports = [
  { route: exportRoutes.exportAttendance, file: "attendance.csv", label: "setup.exportAttendance" },
  { route: exportRoutes.exportResults, file: "results.csv", label: "setup.exportResults" },
  { route: exportRoutes.exportEvent, file: "event.json", label: "setup.exportEvent" },
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
    await call(transitions[verb], { params });
    ctx.reload();
  });
  const fetchExport = useAction(({ route, file }: (typeof exports)[number]) => download(route, { params }, `${ctx.eventId}-${file}`));
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
            <button type="button" class="primary" disabled={transition.busy} onClick={() => void transition.run("open")}>
              {t("setup.open")}
            </button>
          )}
          {status === "open" && (
            <button type="button" disabled={transition.busy} onClick={() => void transition.run("close")}>
              {t("setup.close")}
            </button>
          )}
          {transition.busy && <Busy />}
        </div>
      )}
      <ErrorText error={transition.error} />
      <SettingsForm ctx={ctx} />
      <SsoForm ctx={ctx} />
      {mayChange(ctx) && (
        <>
          <h2>{t("setup.exports")}</h2>
          <div class="actions">
            {exports.map((entry) => (
              <button key={entry.file} type="button" disabled={fetchExport.busy} onClick={() => void fetchExport.run(entry)}>
                {t(entry.label)}
              </button>
            ))}
            {fetchExport.busy && <Busy />}
          </div>
          <ErrorText error={fetchExport.error} />
          <RecordPanel ctx={ctx} />
        </>
      )}
    </div>
  );
}
