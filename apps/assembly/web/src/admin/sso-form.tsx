import { useState } from "preact/hooks";
import { ssoRoutes } from "../../../src/api/routes/sso.ts";
import type { SsoMatch } from "../../../src/domain/sso.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { mayChange, type ConsoleContext } from "./console-context.ts";
import { useFetched } from "./use-fetched.ts";

/**
 * Single sign-on for the event: on or off, and how a member signed in at the
 * provider is found on the list. Says so when the server has no provider;
 * the choice can still be prepared.
 */
export function SsoForm({ ctx }: { ctx: ConsoleContext }) {
  const params = { eventId: ctx.eventId };
  const settings = useFetched(ssoRoutes.eventSso, { params });
  const [saved, setSaved] = useState(false);
  const save = useAction(async (form: HTMLFormElement) => {
    setSaved(false);
    const data = new FormData(form);
    const match: SsoMatch = data.get("match") === "memberNumber" ? "memberNumber" : "email";
    await call(ssoRoutes.saveEventSso, { params, body: { enabled: data.get("enabled") === "on", match } });
    setSaved(true);
    settings.reload();
  });
  const current = settings.data;
  if (!current) return settings.error ? <ErrorText error={settings.error} /> : <Busy />;
  const joinAddress = `${location.origin}/join?event=${encodeURIComponent(ctx.eventId)}`;
  return (
    <form
      class="stack"
      aria-labelledby="sso-title"
      key={JSON.stringify(current.sso)}
      onSubmit={(submit) => {
        submit.preventDefault();
        void save.run(submit.currentTarget as HTMLFormElement);
      }}
    >
      <h2 id="sso-title">{t("sso.title")}</h2>
      {current.configured ? (
        <p class="muted">{t("sso.help", { provider: current.providerName ?? "" })}</p>
      ) : (
        <p role="status" class="notice" data-testid="sso-not-configured">
          {t("sso.notConfigured")}
        </p>
      )}
      <fieldset class="stack" disabled={!mayChange(ctx) || save.busy}>
        <label class="check">
          <input type="checkbox" name="enabled" defaultChecked={current.sso.enabled} />
          {t("sso.enabled")}
        </label>
        <fieldset class="stack">
          <legend>{t("sso.match")}</legend>
          <label class="check">
            <input type="radio" name="match" value="email" defaultChecked={current.sso.match === "email"} />
            {t("sso.match.email")}
          </label>
          <label class="check">
            <input type="radio" name="match" value="memberNumber" defaultChecked={current.sso.match === "memberNumber"} />
            {t("sso.match.memberNumber", { claim: current.memberClaim ?? "—" })}
          </label>
        </fieldset>
      </fieldset>
      {current.configured && current.sso.enabled && (
        <p>
          {t("sso.joinAddress")}: <code data-testid="sso-join-address">{joinAddress}</code>
        </p>
      )}
      {mayChange(ctx) && (
        <button type="submit" class="primary" disabled={save.busy}>
          {t("sso.save")}
        </button>
      )}
      {saved && (
        <p role="status" class="success">
          {t("sso.saved")}
        </p>
      )}
      <ErrorText error={save.error} />
    </form>
  );
}
