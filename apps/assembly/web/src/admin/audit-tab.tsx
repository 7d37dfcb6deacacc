import { useCallback, useEffect, useState } from "preact/hooks";
import { auditActionText } from "../../../src/api/audit-actions.ts";
import { type AuditLine, auditLogRoutes } from "../../../src/api/routes/audit-log.ts";
import { call } from "../api.ts";
import { formatTime, useLanguage } from "../i18n.ts";
import { t } from "./console-texts.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import type { ConsoleContext } from "./console-context.ts";

const PAGE = 100;

/** A name with the id it was looked up by on hover; the id alone when it names nothing (any more). */
function Named({ name, id }: { name: string | null; id: string | null }) {
  if (id === null) return <>—</>;
  return name === null ? <code>{id}</code> : <span title={id}>{name}</span>;
}

/** The append-only audit log, oldest first, loaded a page at a time: who did what to what, by name and in words. */
export function AuditTab({ ctx }: { ctx: ConsoleContext }) {
  const [language] = useLanguage();
  const [entries, setEntries] = useState<AuditLine[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const load = useAction(async (afterId: number | null) => {
    const page = await call(auditLogRoutes.auditLog, {
      params: { eventId: ctx.eventId },
      query: { limit: PAGE, afterId: afterId ?? undefined },
    });
    setEntries((current) => (afterId === null ? page.entries : [...current, ...page.entries]));
    setNext(page.nextAfterId);
  });
  const reload = useCallback(() => void load.run(null), [load.run]);
  useEffect(reload, [reload, ctx.eventId]);
  return (
    <div class="stack">
      <div class="inline">
        <h2>{t("tab.audit")}</h2>
        <button type="button" onClick={reload} disabled={load.busy}>
          {t("refresh")}
        </button>
      </div>
      <ErrorText error={load.error} />
      <div class="table-wrap">
        <table class="audit">
          <thead>
            <tr>
              <th scope="col">{t("audit.at")}</th>
              <th scope="col">{t("audit.actor")}</th>
              <th scope="col">{t("audit.action")}</th>
              <th scope="col">{t("audit.subject")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <time dateTime={entry.at}>{formatTime(entry.at, ctx.event.timezone)}</time>
                </td>
                <td>
                  <Named name={entry.actorName} id={entry.actor} />
                </td>
                <td title={entry.action} data-action={entry.action}>
                  {auditActionText(entry.action, language)}
                </td>
                <td>
                  <Named name={entry.subjectName} id={entry.subject} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next !== null && (
        <button type="button" disabled={load.busy} onClick={() => void load.run(next)}>
          {t("audit.more")}
        </button>
      )}
    </div>
  );
}
