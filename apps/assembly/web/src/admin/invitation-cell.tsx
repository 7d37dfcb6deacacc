import { useState } from "preact/hooks";
import { invitationRoutes } from "../../../src/api/routes/invitations.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import type { ParticipantRow } from "../model.ts";
import { ConfirmDialog } from "../ui/confirm-dialog.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";

/**
 * Issue (which replaces earlier links), copy or revoke one participant's
 * link. Links are stored hashed, so one is visible only right after issuing.
 */
export function InvitationCell({ eventId, participant }: { eventId: string; participant: ParticipantRow }) {
  const [link, setLink] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const params = { eventId, participantId: participant.id };
  const issue = useAction(async () => {
    setNote(null);
    setLink((await call(invitationRoutes.issueInvitation, { params })).link);
  });
  // Revoking signs the person out on every device at once: asked first.
  const [confirming, setConfirming] = useState(false);
  const revoke = useAction(async () => {
    setConfirming(false);
    await call(invitationRoutes.revokeInvitation, { params });
    setLink(null);
    setNote(t("invitations.revoked"));
  });
  const copy = useAction(async () => {
    if (link) await navigator.clipboard.writeText(link);
    setNote(t("invitations.copied"));
  });
  return (
    <div class="invitation">
      {link && (
        <input
          readOnly
          value={link}
          aria-label={t("invitations.linkOf", { name: participant.name })}
          class="link"
          onFocus={(event) => (event.currentTarget as HTMLInputElement).select()}
        />
      )}
      <div class="actions">
        <button
          type="button"
          disabled={issue.busy}
          onClick={() => void issue.run()}
          aria-label={t("invitations.issueFor", { name: participant.name })}
        >
          {t("invitations.issue")}
        </button>
        {link && (
          <button type="button" onClick={() => void copy.run()} aria-label={t("invitations.copyFor", { name: participant.name })}>
            {t("invitations.copy")}
          </button>
        )}
        <button
          type="button"
          disabled={revoke.busy}
          onClick={() => setConfirming(true)}
          aria-label={t("invitations.revokeFor", { name: participant.name })}
        >
          {t("invitations.revoke")}
        </button>
      </div>
      {note && (
        <span role="status" class="muted">
          {note}
        </span>
      )}
      <ErrorText error={issue.error ?? revoke.error ?? copy.error} />
      <ConfirmDialog
        open={confirming}
        danger
        title={t("invitations.revokeTitle", { name: participant.name })}
        confirmLabel={t("invitations.revoke")}
        cancelLabel={t("cancel")}
        onConfirm={() => void revoke.run()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t("invitations.revokeExplain", { name: participant.name })}</p>
      </ConfirmDialog>
    </div>
  );
}
