import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api.ts";
import type { CsvRowError } from "../../../src/api/csv-row-errors.ts";
import { csvRowErrorTextOf, errorTextOf, t } from "../i18n.ts";
import { onReconnect } from "../live/reconnects.ts";

/** A translated message for known error codes, the server's message otherwise. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return errorTextOf(error.code, error.message);
  return error instanceof Error ? error.message : String(error);
}

/**
 * A "no connection" error outlives its cause once the page's connection is
 * back: the connection banner says "Online" and the action can be tried
 * again, so the error goes when the socket reconnects.
 */
function useGoneOnReconnect(error: unknown): boolean {
  const [gone, setGone] = useState<unknown>(null);
  const latest = useRef(error);
  latest.current = error;
  useEffect(
    () =>
      onReconnect(() => {
        if (latest.current instanceof ApiError && latest.current.code === "network") setGone(latest.current);
      }),
    [],
  );
  return error !== null && error === gone;
}

/** An error as an alert; CSV row errors are listed with their line numbers. */
export function ErrorText({ error }: { error: unknown }) {
  const gone = useGoneOnReconnect(error);
  if (error === null || error === undefined || gone) return null;
  const rows = error instanceof ApiError ? (error.details as { errors?: CsvRowError[] } | undefined)?.errors : undefined;
  return (
    <div class="error" role="alert">
      <p>{errorMessage(error)}</p>
      {rows && rows.length > 0 && (
        <ul class="row-errors">
          {rows.map((row, index) => (
            <li key={index}>{t("import.rowError", { line: row.line, column: row.column ?? "—", reason: csvRowErrorTextOf(row) })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
