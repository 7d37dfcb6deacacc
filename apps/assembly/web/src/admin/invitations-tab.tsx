import { download } from "../api.ts";
import { t } from "../i18n.ts";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { eventPath, type ConsoleContext } from "./console-context.ts";

/** Links for everyone as a CSV (for a mail merge); single links are issued from the participant list. */
export function InvitationsTab({ ctx }: { ctx: ConsoleContext }) {
  const exportAll = useAction(() => download("POST", eventPath(ctx.eventId, "/invitations/export"), `invitations-${ctx.eventId}.csv`));
  return (
    <div class="stack">
      <p>{t("invitations.explain", { count: ctx.counts.total })}</p>
      <p class="warning">{t("invitations.replaces")}</p>
      <div class="actions">
        <button type="button" class="primary" disabled={exportAll.busy} onClick={() => void exportAll.run()}>
          {t("invitations.exportAll")}
        </button>
        {exportAll.busy && <Busy label={t("invitations.issuing")} />}
      </div>
      <ErrorText error={exportAll.error} />
      <p class="muted">{t("invitations.single")}</p>
    </div>
  );
}
