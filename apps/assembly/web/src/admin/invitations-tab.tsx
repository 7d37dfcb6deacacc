import { useState } from "preact/hooks";
import { invitationRoutes } from "../../../src/api/routes/invitations.ts";
import { download } from "../api.ts";
import { useLanguage } from "../i18n.ts";
import { t } from "./console-texts.ts";
import { Busy } from "../ui/busy.tsx";
import { ConfirmDialog } from "../ui/confirm-dialog.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { mayChange, type ConsoleContext } from "./console-context.ts";
import { type CsvSeparatorName, csvSeparatorNames } from "./csv-buttons.tsx";
import { MailPanel } from "./mail-panel.tsx";

interface Summary {
  reissued: boolean;
  issued: number;
  keptEarlier: number;
}

/** Counts the export's rows by their last column, `link_status` (`new` or `issued_earlier`, never quoted), after either separator. */
async function summarise(file: Blob, reissued: boolean): Promise<Summary> {
  const text = await file.text();
  const count = (status: string) => text.match(new RegExp(`[,;]${status}\\r?$`, "gm"))?.length ?? 0;
  return { reissued, issued: count("new"), keptEarlier: count("issued_earlier") };
}

/**
 * Links for a mail merge. The default export issues links only to those who
 * have none yet and lists everyone else without a link (theirs keeps
 * working), so exporting again is safe. Replacing every link is a separate,
 * confirmed action: it signs out everyone already using theirs.
 */
export function InvitationsTab({ ctx }: { ctx: ConsoleContext }) {
  // Live, so a participant added a minute ago is counted.
  const total = ctx.admin.model?.counts.total ?? ctx.counts.total;
  const [summary, setSummary] = useState<Summary | null>(null);
  const [confirming, setConfirming] = useState(false);
  // Chosen before the download: links are shown once, so a second file in the other format would not have them.
  const [uiLanguage] = useLanguage();
  const [separator, setSeparator] = useState<CsvSeparatorName>(uiLanguage === "de" ? "semicolon" : "comma");
  const exportLinks = useAction(async (reissueAll: boolean) => {
    setSummary(null);
    const file = await download(
      invitationRoutes.exportInvitations,
      { params: { eventId: ctx.eventId }, query: { reissue: reissueAll ? "all" : undefined, separator } },
      `invitations-${ctx.eventId}.csv`,
    );
    setSummary(await summarise(file, reissueAll));
  });
  if (!mayChange(ctx)) return <p class="muted">{t("observer.readOnly")}</p>;
  return (
    <div class="stack">
      <MailPanel ctx={ctx} />
      <h2>{t("invitations.title")}</h2>
      <p>{t("invitations.explain", { count: total })}</p>
      <ul>
        <li>{t("invitations.newRows")}</li>
        <li>{t("invitations.keptRows")}</li>
      </ul>
      <label>
        {t("csv.format")}
        <select value={separator} onChange={(event) => setSeparator((event.currentTarget as HTMLSelectElement).value as CsvSeparatorName)}>
          {csvSeparatorNames.map((name) => (
            <option key={name} value={name}>
              {t(`csv.${name}`)}
            </option>
          ))}
        </select>
      </label>
      <div class="actions">
        <button type="button" class="primary" disabled={exportLinks.busy} onClick={() => void exportLinks.run(false)}>
          {t("invitations.exportMissing")}
        </button>
        {exportLinks.busy && <Busy label={t("invitations.issuing")} />}
      </div>
      {summary && (
        <p role="status" class="success" data-testid="invitations-summary">
          {t(summary.reissued ? "invitations.reissuedSummary" : "invitations.summary", {
            issued: summary.issued,
            kept: summary.keptEarlier,
          })}
        </p>
      )}
      <ErrorText error={exportLinks.error} />
      <p class="muted">{t("invitations.single")}</p>
      <section class="danger-zone stack" aria-labelledby="reissue-title">
        <h3 id="reissue-title">{t("invitations.reissueTitle")}</h3>
        <p>{t("invitations.reissueExplain")}</p>
        <button type="button" class="danger" disabled={exportLinks.busy} onClick={() => setConfirming(true)}>
          {t("invitations.reissueAll")}
        </button>
      </section>
      <ConfirmDialog
        open={confirming}
        danger
        title={t("invitations.reissueConfirmTitle")}
        confirmLabel={t("invitations.reissueConfirm")}
        cancelLabel={t("cancel")}
        onConfirm={() => {
          setConfirming(false);
          void exportLinks.run(true);
        }}
        onCancel={() => setConfirming(false)}
      >
        <p class="warning">{t("invitations.reissueWarning", { count: total })}</p>
      </ConfirmDialog>
    </div>
  );
}
