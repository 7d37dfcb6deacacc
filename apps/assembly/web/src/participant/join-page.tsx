import { useEffect, useState } from "preact/hooks";
import { participantSessionRoutes } from "../../../src/api/routes/participant-session.ts";
import { ssoRoutes } from "../../../src/api/routes/sso.ts";
import { pathOf } from "../../../src/api/route.ts";
import { ApiError, call } from "../api.ts";
import { t } from "../i18n.ts";
import { navigate } from "../router.ts";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { LanguageSwitch } from "../ui/language-switch.tsx";
import { LinkRequest } from "./link-request.tsx";

/**
 * "Sign in with <provider>" when the event accepts single sign-on: a plain
 * link, as the sign-in is a navigation to the provider and back.
 */
function SsoSignIn({ eventId }: { eventId: string }) {
  const [status, setStatus] = useState<{ enabled: boolean; providerName: string | null } | null>(null);
  useEffect(() => {
    call(ssoRoutes.ssoStatus, { params: { eventId } }).then(setStatus, () => setStatus(null));
  }, [eventId]);
  if (!status?.enabled) return null;
  return (
    <div class="stack">
      <a class="button primary" href={pathOf(ssoRoutes.ssoLogin, { eventId })} data-testid="sso-sign-in">
        {t("join.ssoSignIn", { provider: status.providerName ?? "" })}
      </a>
      <p class="muted">{t("join.ssoOr")}</p>
    </div>
  );
}

/** A refusal the sign-on brought back as `?error=<code>`, shown from the catalogue. */
const returnedError = (search: URLSearchParams): ApiError | null => {
  const code = search.get("error");
  return code === null ? null : new ApiError(0, code, code);
};

/**
 * `/join#<token>`: exchanges the personal link's token for the session
 * cookie, then goes to `/p` (replacing the entry, so the token leaves the
 * address bar and the history).
 */
export function JoinPage() {
  const search = new URLSearchParams(location.search);
  const [error, setError] = useState<unknown>(() => returnedError(search));
  const eventId = search.get("event");
  useEffect(() => {
    const token = decodeURIComponent(location.hash.slice(1));
    if (!token) {
      if (!eventId && !search.has("error")) setError(new Error(t("join.noToken")));
      return;
    }
    call(participantSessionRoutes.participantSignIn, { body: { token } }).then(
      () => navigate("/p", { replace: true }),
      (caught: unknown) => {
        history.replaceState(null, "", `/join${location.search}`);
        setError(caught);
      },
    );
  }, [eventId]);
  const asking = eventId !== null && (error !== null || location.hash.length <= 1);
  return (
    <main class="narrow">
      <header class="bar">
        <h1>{t("app.name")}</h1>
        <LanguageSwitch />
      </header>
      {asking ? (
        <>
          <ErrorText error={error} />
          <SsoSignIn eventId={eventId} />
          <LinkRequest eventId={eventId} intro={t("join.lostLink")} />
        </>
      ) : error ? (
        <>
          <ErrorText error={error} />
          <p>{t("join.askOrganisers")}</p>
        </>
      ) : (
        <Busy label={t("join.signingIn")} />
      )}
    </main>
  );
}
