import { api, download } from "../api.ts";
import { t } from "../i18n.ts";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { eventPath, mayChange, type ConsoleContext } from "./console-context.ts";
import { SettingsForm } from "./settings-form.tsx";

const exports = [
  ["attendance.csv", "setup.exportAttendance"],
  ["results.csv", "setup.exportResults"],
  ["event.json", "setup.exportEvent"],
] as const;

/** Name (owners), open/close, voting settings and time zone, and the minutes exports (not for observers). */
export function SetupTab({ ctx }: { ctx: ConsoleContext }) {
  const rename = useAction(async (form: HTMLFormElement) => {
    await api("PATCH", eventPath(ctx.eventId), { name: String(new FormData(form).get("name") ?? "") });
    ctx.reload();
  });
  const transition = useAction(async (verb: "open" | "close") => {
    await api("POST", eventPath(ctx.eventId, `/${verb}`));
    ctx.reload();
  });
  const fetchExport = useAction((file: string) => download("GET", eventPath(ctx.eventId, `/exports/${file}`), `${ctx.eventId}-${file}`));
  const { status } = ctx.event;
  return (
    <div class="stack">
      {ctx.role === "owner" && (
        <form
          class="inline"
          onSubmit={(event) => {
            event.preventDefault();
            void rename.run(event.currentTarget as HTMLFormElement);
          }}
        >
          <label>
            {t("admin.eventName")}
            <input name="name" required maxLength={200} defaultValue={ctx.event.name} key={ctx.event.name} />
          </label>
          <button type="submit" disabled={rename.busy}>
            {t("save")}
          </button>
        </form>
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
      {mayChange(ctx) && (
        <>
          <h2>{t("setup.exports")}</h2>
          <div class="actions">
            {exports.map(([file, label]) => (
              <button key={file} type="button" disabled={fetchExport.busy} onClick={() => void fetchExport.run(file)}>
                {t(label)}
              </button>
            ))}
            {fetchExport.busy && <Busy />}
          </div>
          <ErrorText error={fetchExport.error} />
        </>
      )}
    </div>
  );
}
