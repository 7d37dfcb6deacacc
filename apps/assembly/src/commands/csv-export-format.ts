import { type CsvFormat, type CsvSeparatorName, csvFormat } from "../csv/csv-format.ts";
import type { AssemblyEvent } from "../domain/event.ts";
import type { StoreOperations } from "../store/store.ts";

/**
 * The format of an event's CSV exports: the language its invitations go out
 * in (as for the record's PDFs), its time zone, and the separator asked for.
 */
export async function csvExportFormat(
  store: StoreOperations,
  event: AssemblyEvent,
  separator: CsvSeparatorName | undefined,
): Promise<CsvFormat> {
  const { defaultLanguage } = await store.mail.template(event.id);
  return csvFormat(defaultLanguage, event.timezone, separator);
}
