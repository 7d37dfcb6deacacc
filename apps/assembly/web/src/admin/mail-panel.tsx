import { useState } from "preact/hooks";
import { mailRoutes } from "../../../src/api/routes/mail.ts";
import type { SendMailInput } from "../../../src/api/schemas/mail.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import { Busy } from "../ui/busy.tsx";
import { ConfirmDialog } from "../ui/confirm-dialog.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import type { ConsoleContext } from "./console-context.ts";
import { MailProblems } from "./mail-problems.tsx";
import { MailTemplateForm } from "./mail-template-form.tsx";
import { useFetched } from "./use-fetched.ts";

/**
 * Invitations by e-mail: send, watch the progress live (counts from the
 * chairs' live view), deal with what failed or is uncertain, edit the
 * template. Without SMTP on the server it says so; the CSV export stays.
 */
export function MailPanel({ ctx }: { ctx: ConsoleContext }) {
  const status = useFetched(mailRoutes.mailStatus, { params: { eventId: ctx.eventId } });
  const [queued, setQueued] = useState<number | null>(null);
  const [confirmingAll, setConfirmingAll] = useState(false);
  const send = useAction(async (body: SendMailInput) => {
    setQueued(null);
    setQueued((await call(mailRoutes.sendMail, { params: { eventId: ctx.eventId }, body })).queued);
  });
  if (!status.data) return <ErrorText error={status.error} />;
  if (!status.data.configured) {
    return (
      <section class="stack" aria-labelledby="mail-title">
        <h2 id="mail-title">{t("mail.title")}</h2>
        <p class="notice" data-testid="mail-not-configured">
          {t("mail.notConfigured")}
        </p>
      </section>
    );
  }
  const counts = ctx.admin.model?.mail ?? status.data.counts;
  const joinUrl = `${location.origin}/join?event=${encodeURIComponent(ctx.eventId)}`;
  return (
    <section class="stack" aria-labelledby="mail-title">
      <h2 id="mail-title">{t("mail.title")}</h2>
      <dl class="counts" aria-live="polite">
        {(
          [
            ["sent", counts.sent],
            ["queued", counts.queued + counts.sending],
            ["failed", counts.failed],
            ["uncertain", counts.uncertain],
          ] as const
        ).map(([state, count]) => (
          <div key={state}>
            <dt>{t(`mail.${state}`)}</dt>
            <dd data-testid={`mail-${state}`}>{count}</dd>
          </div>
        ))}
      </dl>
      <div class="actions">
        <button type="button" class="primary" disabled={send.busy} onClick={() => void send.run({ audience: "unsent" })}>
          {t("mail.sendUnsent")}
        </button>
        <button type="button" disabled={send.busy} onClick={() => void send.run({ audience: "reminder" })}>
          {t("mail.sendReminders")}
        </button>
        <button type="button" class="danger" disabled={send.busy} onClick={() => setConfirmingAll(true)}>
          {t("mail.sendAll")}
        </button>
        {send.busy && <Busy label={t("mail.queueing")} />}
      </div>
      {queued !== null && (
        <p role="status" class="success" data-testid="mail-queued-summary">
          {t("mail.queuedSummary", { count: queued })}
        </p>
      )}
      <ErrorText error={send.error} />
      <p class="muted">{t("mail.lostLink", { url: joinUrl })}</p>
      <MailProblems eventId={ctx.eventId} failed={counts.failed} uncertain={counts.uncertain} />
      <details>
        <summary>{t("mail.template")}</summary>
        <MailTemplateForm eventId={ctx.eventId} />
      </details>
      <ConfirmDialog
        open={confirmingAll}
        danger
        title={t("mail.sendAllConfirmTitle")}
        confirmLabel={t("mail.sendAllConfirm")}
        cancelLabel={t("cancel")}
        onConfirm={() => {
          setConfirmingAll(false);
          void send.run({ audience: "all" });
        }}
        onCancel={() => setConfirmingAll(false)}
      >
        <p class="warning">{t("mail.sendAllWarning", { count: ctx.admin.model?.counts.total ?? ctx.counts.total })}</p>
      </ConfirmDialog>
    </section>
  );
}
