import { electionLines } from "./election-lines.ts";
import { fields, finishRecord, heading, paragraph, type RecordSource, recordDocument } from "./layout.ts";
import { pollLines } from "./poll-lines.ts";
import type { RecordTexts } from "./texts.ts";

/** The result of every counted poll and election (or of one, `pollId`), each on a page of its own so it can be posted alone. */
export function pollResultsPdf(source: RecordSource, texts: RecordTexts, pollId?: string): Promise<Buffer> {
  const doc = recordDocument(texts.t("results.title"), source, texts);
  const chosen = (id: string) => pollId === undefined || id === pollId;
  const counted = [
    ...source.data.polls
      .filter((entry) => entry.tally !== null && chosen(entry.poll.id))
      .map((entry) => ({ title: entry.poll.title, description: entry.poll.description, lines: pollLines(entry, texts) })),
    ...(source.data.elections ?? [])
      .filter((election) => election.result !== null && chosen(election.id))
      .map((election) => ({ title: election.title, description: election.description, lines: electionLines(election, texts) })),
  ];
  if (counted.length === 0) paragraph(doc, texts.t("results.none"));
  counted.forEach((entry, index) => {
    if (index > 0) doc.addPage();
    heading(doc, entry.title);
    if (entry.description) paragraph(doc, entry.description);
    fields(doc, entry.lines);
  });
  return finishRecord(doc, source, texts);
}
