import { useState } from "preact/hooks";
import { uploadCsv } from "../api.ts";
import { t } from "../i18n.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { eventPath } from "./console-context.ts";

interface Imported {
  imported: number;
  ignoredColumns: string[];
}

/** CSV import: the whole file is checked first; every bad line is listed and then nothing is imported. */
export function ImportPanel({ eventId, onImported }: { eventId: string; onImported: () => void }) {
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<Imported | null>(null);
  const upload = useAction(async (form: HTMLFormElement) => {
    setResult(null);
    const file = (form.elements.namedItem("file") as HTMLInputElement).files?.[0];
    if (!file) throw new Error(t("import.chooseFile"));
    setProgress(0);
    try {
      const answer = await uploadCsv<Imported>(eventPath(eventId, "/participants/import"), await file.text(), setProgress);
      setResult(answer);
      form.reset();
      onImported();
    } finally {
      setProgress(null);
    }
  });
  return (
    <form
      class="stack import"
      onSubmit={(event) => {
        event.preventDefault();
        void upload.run(event.currentTarget as HTMLFormElement);
      }}
    >
      <h2>{t("import.title")}</h2>
      <p class="muted">{t("import.help")}</p>
      <label>
        {t("import.file")}
        <input name="file" type="file" accept=".csv,text/csv,text/plain" required />
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={upload.busy}>
          {t("import.submit")}
        </button>
        {upload.busy && (
          <span class="busy" role="status">
            {/* Sent share while uploading; then indeterminate while the server checks every row. */}
            <progress aria-label={t("import.progress")} max={1} value={progress !== null && progress < 1 ? progress : undefined} />
            <span>
              {progress !== null && progress < 1 ? t("import.uploading", { percent: Math.round(progress * 100) }) : t("import.checking")}
            </span>
          </span>
        )}
      </div>
      {result && (
        <p role="status" class="success" data-testid="import-result">
          {t("import.done", { count: result.imported })}
          {result.ignoredColumns.length > 0 && ` ${t("import.ignored", { columns: result.ignoredColumns.join(", ") })}`}
        </p>
      )}
      <ErrorText error={upload.error} />
    </form>
  );
}
