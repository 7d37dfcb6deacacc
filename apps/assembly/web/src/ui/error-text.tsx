import { ApiError } from "../api.ts";
import { errorTextOf, t } from "../i18n.ts";

interface RowError {
  line: number;
  column?: string;
  reason: string;
}

/** A translated message for known error codes, the server's message otherwise. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return errorTextOf(error.code, error.message);
  return error instanceof Error ? error.message : String(error);
}

/** An error as an alert; CSV row errors are listed with their line numbers. */
export function ErrorText({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const rows = error instanceof ApiError ? (error.details as { errors?: RowError[] } | undefined)?.errors : undefined;
  return (
    <div class="error" role="alert">
      <p>{errorMessage(error)}</p>
      {rows && rows.length > 0 && (
        <ul class="row-errors">
          {rows.map((row, index) => (
            <li key={index}>{t("import.rowError", { line: row.line, column: row.column ?? "—", reason: row.reason })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
