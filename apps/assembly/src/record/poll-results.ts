import { fields, finishRecord, heading, paragraph, type RecordSource, recordDocument } from "./layout.ts";
import { pollLines } from "./poll-lines.ts";
import type { RecordTexts } from "./texts.ts";

/** The result of every counted poll (or of one, `pollId`), each on a page of its own so it can be posted alone. */
export function pollResultsPdf(source: RecordSource, texts: RecordTexts, pollId?: string): Promise<Buffer> {
  const doc = recordDocument(texts.t("results.title"), source, texts);
  const counted = source.data.polls.filter((entry) => entry.tally !== null && (pollId === undefined || entry.poll.id === pollId));
  if (counted.length === 0) paragraph(doc, texts.t("results.none"));
  counted.forEach((entry, index) => {
    if (index > 0) doc.addPage();
    heading(doc, entry.poll.title);
    if (entry.poll.description) paragraph(doc, entry.poll.description);
    fields(doc, pollLines(entry, texts));
  });
  return finishRecord(doc, source, texts);
}
