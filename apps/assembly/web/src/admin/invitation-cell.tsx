import { useState } from "preact/hooks";
import { invitationRoutes } from "../../../src/api/routes/invitations.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import type { ParticipantRow } from "../model.ts";
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
  const revoke = useAction(async () => {
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
          onClick={() => void revoke.run()}
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
    </div>
  );
}
