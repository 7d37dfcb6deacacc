import { useState } from "preact/hooks";
import { motionRoutes } from "../../../src/api/routes/motions.ts";
import { participantImportRoutes } from "../../../src/api/routes/participants.ts";
import type { ResponseOf } from "../../../src/api/route.ts";
import { ApiError, uploadCsv } from "../api.ts";
import { type ConsoleKey, t } from "./console-texts.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import { RollPreviewView } from "./roll-preview.tsx";
import { SubmitForm } from "../ui/submit-form.tsx";

type Imported = ResponseOf<typeof participantImportRoutes.importParticipants>;
type Preview = ResponseOf<typeof participantImportRoutes.previewParticipantImport>;
type Mode = "add" | "update";

/** What can be imported from a CSV file: the roll (added to, or updated as a whole), or motions (added). */
const imports = {
  participants: { title: "import.title", help: "import.help", updates: true },
  motions: { title: "motions.import.title", help: "motions.import.help", updates: false },
} as const satisfies Record<string, { title: ConsoleKey; help: ConsoleKey; updates: boolean }>;

type Encoding = "utf-8" | "windows-1252";

const encodingLabels: Record<Encoding, ConsoleKey> = { "utf-8": "import.encoding.utf8", "windows-1252": "import.encoding.windows1252" };
const suggestions: Record<Encoding, ConsoleKey> = { "utf-8": "import.suggest.utf8", "windows-1252": "import.suggest.windows1252" };

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
 * which the form then preselects. A file of the whole list is first
 * previewed (added, changed, removed, kept) and then applied exactly as
 * previewed, or not at all.
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
  const [result, setResult] = useState<(Pick<Imported, "imported" | "ignoredColumns"> & Partial<Imported>) | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [encoding, setEncoding] = useState<Encoding>("utf-8");
  const [mode, setMode] = useState<Mode>("add");
  const [removeMissing, setRemoveMissing] = useState(false);
  const [key, setKey] = useState<"email" | "memberNumber">("email");
  const missing = removeMissing ? ("remove" as const) : ("keep" as const);

  /** Sends the chosen file to `send`, with upload progress, preselecting the encoding the server suggests. */
  const sendFile = async <T,>(form: HTMLFormElement, send: (file: File) => Promise<T>): Promise<T> => {
    const file = (form.elements.namedItem("file") as HTMLInputElement).files?.[0];
    if (!file) throw new Error(t("import.chooseFile"));
    setProgress(0);
    try {
      return await send(file).catch((error: unknown) => {
        const suggested = suggestedEncoding(error);
        if (suggested) setEncoding(suggested);
        throw error;
      });
    } finally {
      setProgress(null);
    }
  };
  const upload = useAction(async (form: HTMLFormElement) => {
    setResult(null);
    if (mode === "update" && preview === null) {
      const route = participantImportRoutes.previewParticipantImport;
      setPreview(
        await sendFile(form, (file) => uploadCsv(route, { params: { eventId }, query: { encoding, missing, key } }, file, setProgress)),
      );
      return;
    }
    const answer: Pick<Imported, "imported" | "ignoredColumns"> & Partial<Imported> = await sendFile(form, (file) => {
      if (what === "motions") return uploadCsv(motionRoutes.importMotions, { params: { eventId }, query: { encoding } }, file, setProgress);
      const query = preview ? { encoding, mode, missing, key, expect: preview.fingerprint } : { encoding };
      return uploadCsv(participantImportRoutes.importParticipants, { params: { eventId }, query }, file, setProgress);
    });
    setResult(answer);
    setPreview(null);
    form.reset();
    onImported();
  });
  const suggestion = suggestedEncoding(upload.error);
  /** Any change to what would be sent makes the preview stale: check the file again. */
  const changed =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPreview(null);
    };
  return (
    <SubmitForm action={upload} class="stack import">
      <h2>{t(kind.title)}</h2>
      <p class="muted">{t(kind.help)}</p>
      <fieldset hidden={!kind.updates}>
        <legend>{t("import.mode")}</legend>
        {(["add", "update"] as const).map((value) => (
          <label key={value} class="check">
            <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => changed(setMode)(value)} />
            {t(value === "add" ? "import.mode.add" : "import.mode.update")}
          </label>
        ))}
      </fieldset>
      <label>
        {t("import.file")}
        <input name="file" type="file" accept=".csv,text/csv,text/plain" required onChange={() => setPreview(null)} />
      </label>
      <label>
        {t("import.encoding")}
        <select name="encoding" value={encoding} onChange={(event) => changed(setEncoding)(event.currentTarget.value as Encoding)}>
          {(Object.keys(encodingLabels) as Encoding[]).map((value) => (
            <option key={value} value={value}>
              {t(encodingLabels[value])}
            </option>
          ))}
        </select>
      </label>
      {mode === "update" && (
        <label>
          {t("import.key")}
          <select value={key} onChange={(event) => changed(setKey)(event.currentTarget.value as "email" | "memberNumber")}>
            <option value="email">{t("participants.email")}</option>
            <option value="memberNumber">{t("participants.memberNumber")}</option>
          </select>
        </label>
      )}
      {mode === "update" && (
        <label class="check">
          <input type="checkbox" checked={removeMissing} onChange={(event) => changed(setRemoveMissing)(event.currentTarget.checked)} />
          {t("import.missing")}
        </label>
      )}
      {preview && <RollPreviewView preview={preview} />}
      <div class="actions">
        <button type="submit" class="primary" disabled={upload.busy}>
          {t(mode === "add" ? "import.submit" : preview ? "import.apply" : "import.preview")}
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
          {mode === "add"
            ? t("import.done", { count: result.imported })
            : t("import.updated", { added: result.imported, changed: result.updated ?? 0, removed: result.removed ?? 0 })}
          {result.ignoredColumns.length > 0 && ` ${t("import.ignored", { columns: result.ignoredColumns.join(", ") })}`}
        </p>
      )}
      <ErrorText error={upload.error} />
      {suggestion && (
        <p role="status" data-testid="import-encoding-hint">
          {t(suggestions[suggestion])}
        </p>
      )}
    </SubmitForm>
  );
}
