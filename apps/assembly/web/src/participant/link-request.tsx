import { useState } from "preact/hooks";
import { mailRoutes } from "../../../src/api/routes/mail.ts";
import { call } from "../api.ts";
import { t } from "../i18n.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";

/**
 * "Send me my link again": on `/join?event=<id>` (the address the organisers
 * publish), and on a phone whose link was revoked or replaced.
 */
export function LinkRequest({ eventId, intro }: { eventId: string; intro: string }) {
  const [requested, setRequested] = useState(false);
  const request = useAction(async (email: string) => {
    await call(mailRoutes.requestLink, { body: { eventId, email } });
    setRequested(true);
  });
  if (requested)
    return (
      <p role="status" class="success">
        {t("join.linkRequested")}
      </p>
    );
  return (
    <form
      class="stack"
      onSubmit={(event) => {
        event.preventDefault();
        void request.run(String(new FormData(event.currentTarget as HTMLFormElement).get("email") ?? "").trim());
      }}
    >
      <p>{intro}</p>
      <label>
        {t("participants.email")}
        <input name="email" type="email" required maxLength={320} autoComplete="email" />
      </label>
      <ErrorText error={request.error} />
      <button type="submit" class="primary" disabled={request.busy}>
        {t("join.sendLink")}
      </button>
    </form>
  );
}
