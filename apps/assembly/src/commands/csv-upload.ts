import type { CsvRowError } from "../api/csv-row-errors.ts";
import { type CsvEncoding, decodeCsv } from "../csv/decode.ts";
import { DomainError, isDomainError } from "../domain/errors.ts";
import type { Store, StoreOperations } from "../store/store.ts";
import type { EventAccess } from "./actor.ts";
import { adminIn, audited } from "./audit.ts";

const linesIn = (errors: readonly CsvRowError[]): number => new Set(errors.map((error) => error.line)).size;

/** Every bad line of a file, and that nothing was written. */
export function rowErrors(errors: readonly CsvRowError[]): DomainError {
  return new DomainError("csv_invalid", `nothing was imported: ${linesIn(errors)} line(s) have problems`, { errors });
}

const encodingNames: Readonly<Record<CsvEncoding, string>> = { "utf-8": "UTF-8", "windows-1252": "Windows-1252" };

/** Bytes unreadable in the chosen encoding: the lines, and which encoding to choose instead. */
function encodingErrors(errors: readonly CsvRowError[], used: CsvEncoding, suggested: CsvEncoding): DomainError {
  const hint =
    suggested === "windows-1252"
      ? "if Excel or other Windows software saved it, import it again with the encoding Windows-1252 (?encoding=windows-1252)"
      : "import it again with the encoding UTF-8";
  return new DomainError(
    "csv_invalid",
    `nothing was imported: ${linesIn(errors)} line(s) cannot be read as ${encodingNames[used]}; ${hint}`,
    { errors, suggestedEncoding: suggested },
  );
}

/**
 * An uploaded CSV file as text, decoded strictly in the chosen encoding (see
 * `decodeCsv`): anything but bytes is the wrong media type, undecodable
 * lines are `csv_invalid` naming them and the encoding to choose instead.
 */
export function decodeUpload(file: unknown, encoding: CsvEncoding): string {
  if (!(file instanceof Uint8Array)) throw new DomainError("unsupported_media_type", "send the file as text/csv");
  const decoded = decodeCsv(file, encoding);
  if (!decoded.ok) throw encodingErrors(decoded.errors, encoding, decoded.suggestedEncoding);
  return decoded.text;
}

/**
 * Writes the rows of a checked file in one audited transaction. A `conflict`
 * (another writer took an email or number between validation and insert) is
 * reported by `lines` as row errors, like any bad row.
 */
export async function insertImported(
  store: Store,
  access: EventAccess,
  action: string,
  count: number,
  insert: (tx: StoreOperations) => Promise<unknown>,
  lines: (conflict: DomainError) => DomainError,
): Promise<void> {
  try {
    await audited(store, adminIn(access), action, async (tx) => {
      await insert(tx);
      return { result: undefined, audit: { after: { count } } };
    });
  } catch (error) {
    if (isDomainError(error, "conflict")) throw lines(error);
    throw error;
  }
}
