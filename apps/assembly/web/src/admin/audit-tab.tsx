import { useCallback, useEffect, useState } from "preact/hooks";
import { auditLogRoutes } from "../../../src/api/routes/audit-log.ts";
import { call } from "../api.ts";
import { formatTime } from "../i18n.ts";
import { t } from "./console-texts.ts";
import type { AuditEntry } from "../model.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import type { ConsoleContext } from "./console-context.ts";

const PAGE = 100;

/** The append-only audit log, oldest first, loaded a page at a time. */
export function AuditTab({ ctx }: { ctx: ConsoleContext }) {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
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
                <td>{entry.actor}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>{entry.subject ?? "—"}</td>
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
