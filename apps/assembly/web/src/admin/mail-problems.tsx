import { useEffect } from "preact/hooks";
import { mailRoutes } from "../../../src/api/routes/mail.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { useFetched } from "./use-fetched.ts";

/**
 * The messages that need a chair: failed ones (with the server's answer)
 * and uncertain ones (maybe delivered). Fetched again whenever the live
 * counts of either change, never pushed one by one.
 */
export function MailProblems({ eventId, failed, uncertain }: { eventId: string; failed: number; uncertain: number }) {
  const fetched = useFetched(mailRoutes.listMail, { params: { eventId }, query: { state: "failed,uncertain", limit: 200 } });
  const { reload } = fetched;
  // The counts changing is what tells this list to refresh.
  useEffect(() => reload(), [failed, uncertain, reload]);
  const resend = useAction(async (mailIds: string[]) => {
    await call(mailRoutes.resendMail, { params: { eventId }, body: { mailIds } });
    reload();
  });
  const items = fetched.data?.items ?? [];
  if (failed + uncertain === 0 && items.length === 0) return null;
  return (
    <section class="stack" aria-labelledby="mail-problems-title">
      <h3 id="mail-problems-title">{t("mail.problems")}</h3>
      {uncertain > 0 && <p class="warning">{t("mail.uncertainExplain")}</p>}
      <ErrorText error={fetched.error ?? resend.error} />
      <table class="mail-problems">
        <thead>
          <tr>
            <th>{t("participants.name")}</th>
            <th>{t("participants.email")}</th>
            <th>{t("mail.state")}</th>
            <th>{t("mail.lastError")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((row) => (
            <tr key={row.id} data-testid={`mail-problem-${row.participantId}`}>
              <td>{row.name}</td>
              <td>{row.email}</td>
              <td>{t(row.state === "failed" ? "mail.failed" : "mail.uncertain")}</td>
              <td>{row.lastError ?? ""}</td>
              <td>
                <button type="button" disabled={resend.busy} onClick={() => void resend.run([row.id])}>
                  {t("mail.resend")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length > 1 && (
        <button type="button" disabled={resend.busy} onClick={() => void resend.run(items.map((row) => row.id))}>
          {t("mail.resendAll", { count: items.length })}
        </button>
      )}
    </section>
  );
}
