import { useState } from "preact/hooks";
import { motionRoutes } from "../../../src/api/routes/motions.ts";
import { participantImportRoutes } from "../../../src/api/routes/participants.ts";
import { ApiError, uploadCsv } from "../api.ts";
import { t, type MessageKey } from "../i18n.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";

type Imported = { readonly imported: number; readonly ignoredColumns: readonly string[] };

/** What can be imported from a CSV file: the roll, or the motion book. */
const imports = {
  participants: { route: participantImportRoutes.importParticipants, title: "import.title", help: "import.help" },
  motions: { route: motionRoutes.importMotions, title: "motions.import.title", help: "motions.import.help" },
} as const satisfies Record<string, { title: MessageKey; help: MessageKey; route: unknown }>;

type Encoding = "utf-8" | "windows-1252";

const encodingLabels: Record<Encoding, MessageKey> = { "utf-8": "import.encoding.utf8", "windows-1252": "import.encoding.windows1252" };
const suggestions: Record<Encoding, MessageKey> = { "utf-8": "import.suggest.utf8", "windows-1252": "import.suggest.windows1252" };

/** The encoding the server suggests when the file did not decode in the chosen one. */
function suggestedEncoding(error: unknown): Encoding | null {
  const suggested =
    error instanceof ApiError ? (error.details as { suggestedEncoding?: unknown } | undefined)?.suggestedEncoding : undefined;
  return suggested === "utf-8" || suggested === "windows-1252" ? suggested : null;
}

/**
 * CSV import: the whole file is checked first; every bad line is listed and
 * then nothing is imported. The file goes up as bytes in the encoding the
 * chair picks (UTF-8 unless they choose Windows-1252, what Excel saves); a
 * file that does not decode is refused with the encoding to pick instead,
 * which the form then preselects.
 */
export function ImportPanel({
  eventId,
  onImported,
  what = "participants",
}: {
  eventId: string;
  onImported: () => void;
  what?: keyof typeof imports;
}) {
  const kind = imports[what];
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<Imported | null>(null);
  const [encoding, setEncoding] = useState<Encoding>("utf-8");
  const upload = useAction(async (form: HTMLFormElement) => {
    setResult(null);
    const file = (form.elements.namedItem("file") as HTMLInputElement).files?.[0];
    if (!file) throw new Error(t("import.chooseFile"));
    setProgress(0);
    try {
      const answer: Imported = await uploadCsv(kind.route, { params: { eventId }, query: { encoding } }, file, setProgress).catch(
        (error: unknown) => {
          const suggested = suggestedEncoding(error);
          if (suggested) setEncoding(suggested);
          throw error;
        },
      );
      setResult(answer);
      form.reset();
      onImported();
    } finally {
      setProgress(null);
    }
  });
  const suggestion = suggestedEncoding(upload.error);
  return (
    <form
      class="stack import"
      onSubmit={(event) => {
        event.preventDefault();
        void upload.run(event.currentTarget as HTMLFormElement);
      }}
    >
      <h2>{t(kind.title)}</h2>
      <p class="muted">{t(kind.help)}</p>
      <label>
        {t("import.file")}
        <input name="file" type="file" accept=".csv,text/csv,text/plain" required />
      </label>
      <label>
        {t("import.encoding")}
        <select name="encoding" value={encoding} onChange={(event) => setEncoding(event.currentTarget.value as Encoding)}>
          {(Object.keys(encodingLabels) as Encoding[]).map((value) => (
            <option key={value} value={value}>
              {t(encodingLabels[value])}
            </option>
          ))}
        </select>
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
      {suggestion && (
        <p role="status" data-testid="import-encoding-hint">
          {t(suggestions[suggestion])}
        </p>
      )}
    </form>
  );
}
