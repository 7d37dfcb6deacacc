import { useEffect, useState } from "preact/hooks";
import { participantSessionRoutes } from "../../../src/api/routes/participant-session.ts";
import { call } from "../api.ts";
import { t } from "../i18n.ts";
import { navigate } from "../router.ts";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";

/**
 * `/join#<token>`: exchanges the personal link's token for the session
 * cookie, then goes to `/p` (replacing the entry, so the token leaves the
 * address bar and the history).
 */
export function JoinPage() {
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const token = decodeURIComponent(location.hash.slice(1));
    if (!token) {
      setError(new Error(t("join.noToken")));
      return;
    }
    call(participantSessionRoutes.participantSignIn, { body: { token } }).then(
      () => navigate("/p", { replace: true }),
      (caught: unknown) => {
        history.replaceState(null, "", "/join");
        setError(caught);
      },
    );
  }, []);
  return (
    <main class="narrow">
      <h1>{t("app.name")}</h1>
      {error ? (
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
