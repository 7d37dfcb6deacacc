import { useState } from "preact/hooks";
import { eventRoutes } from "../../../src/api/routes/events.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import type { ConsoleContext } from "./console-context.ts";

/** Every zone the browser knows, for the picker's suggestions (older browsers: free text, the server validates). */
const zones: readonly string[] = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];

/**
 * The event's voting rules and time zone. Only owners may change them
 * (PATCH is owner-only); everyone else sees them read-only.
 */
export function SettingsForm({ ctx }: { ctx: ConsoleContext }) {
  const { event } = ctx;
  const owner = ctx.role === "owner";
  const [saved, setSaved] = useState(false);
  const save = useAction(async (form: HTMLFormElement) => {
    setSaved(false);
    const data = new FormData(form);
    await call(eventRoutes.updateEvent, {
      params: { eventId: ctx.eventId },
      body: {
        timezone: String(data.get("timezone") ?? "").trim(),
        settings: {
          proxyCapPerDelegate: Number(data.get("proxyCapPerDelegate")),
          allowProxyChains: data.get("allowProxyChains") === "on",
          presentOnlyVoting: data.get("presentOnlyVoting") === "on",
        },
      },
    });
    setSaved(true);
    ctx.reload();
  });
  return (
    <form
      class="stack"
      aria-labelledby="settings-title"
      // Re-mounted with fresh defaults whenever the saved settings change (here or by another owner).
      key={JSON.stringify([event.timezone, event.settings])}
      onSubmit={(submit) => {
        submit.preventDefault();
        void save.run(submit.currentTarget as HTMLFormElement);
      }}
    >
      <h2 id="settings-title">{t("settings.title")}</h2>
      {!owner && <p class="muted">{t("settings.ownersOnly")}</p>}
      <fieldset class="stack" disabled={!owner || save.busy}>
        <legend>{t("settings.voting")}</legend>
        <label>
          {t("settings.proxyCap")}
          <input
            name="proxyCapPerDelegate"
            type="number"
            min={0}
            max={10000}
            step={1}
            inputMode="numeric"
            required
            defaultValue={String(event.settings.proxyCapPerDelegate)}
            aria-describedby="proxy-cap-help"
          />
        </label>
        <p id="proxy-cap-help" class="muted help">
          {t("settings.proxyCapHelp")}
        </p>
        <label class="check">
          <input type="checkbox" name="allowProxyChains" defaultChecked={event.settings.allowProxyChains} />
          {t("settings.allowProxyChains")}
        </label>
        <label class="check">
          <input type="checkbox" name="presentOnlyVoting" defaultChecked={event.settings.presentOnlyVoting} />
          {t("settings.presentOnlyVoting")}
        </label>
        <label>
          {t("settings.timezone")}
          <input name="timezone" required maxLength={100} list="timezones" defaultValue={event.timezone} autoComplete="off" />
        </label>
        {zones.length > 0 && (
          <datalist id="timezones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        )}
      </fieldset>
      {owner && (
        <button type="submit" class="primary" disabled={save.busy}>
          {t("settings.save")}
        </button>
      )}
      {saved && (
        <p role="status" class="success">
          {t("settings.saved")}
        </p>
      )}
      <ErrorText error={save.error} />
    </form>
  );
}
