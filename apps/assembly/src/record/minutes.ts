import type { AgendaItem } from "../domain/agenda.ts";
import { fields, finishRecord, heading, paragraph, type RecordSource, recordDocument } from "./layout.ts";
import { electionLines } from "./election-lines.ts";
import { pollLines } from "./poll-lines.ts";
import type { RecordTexts } from "./texts.ts";

type Doc = PDFKit.PDFDocument;

/**
 * What the minutes record under an agenda item besides its announcements:
 * one entry per kind of decision, in this order.
 */
const decisionsOfItem: readonly ((doc: Doc, item: AgendaItem, source: RecordSource, texts: RecordTexts) => void)[] = [
  function polls(doc, item, { data }, texts) {
    for (const entry of data.polls.filter(({ poll }) => poll.agendaItemId === item.id)) {
      heading(doc, entry.poll.title, 2);
      if (entry.poll.description) paragraph(doc, entry.poll.description);
      fields(doc, pollLines(entry, texts));
      doc.moveDown(0.5);
    }
  },
  function elections(doc, item, { data }, texts) {
    for (const election of (data.elections ?? []).filter((entry) => entry.agendaItemId === item.id)) {
      heading(doc, election.title, 2);
      if (election.description) paragraph(doc, election.description);
      fields(doc, electionLines(election, texts));
      doc.moveDown(0.5);
    }
  },
];

/** The minutes of an event: attendance, the agenda, and under each item its announcements and decisions. */
export function minutesPdf(source: RecordSource, texts: RecordTexts): Promise<Buffer> {
  const { data } = source;
  const doc = recordDocument(texts.t("minutes.title"), source, texts);
  paragraph(doc, texts.t("minutes.status", { status: texts.t(`event.status.${data.event.status}`) }));
  paragraph(
    doc,
    texts.t("minutes.attendance", {
      present: texts.number(data.participants.filter((participant) => participant.present).length),
      total: texts.number(data.participants.length),
      eligible: texts.number(data.participants.filter((participant) => participant.present && participant.eligible).length),
    }),
  );

  heading(doc, texts.t("minutes.agenda"));
  if (data.agenda.length === 0) paragraph(doc, texts.t("record.none"));
  for (const [index, item] of data.agenda.entries()) paragraph(doc, `${index + 1}. ${item.title}`);

  data.agenda.forEach((item, index) => {
    heading(doc, `${index + 1}. ${item.title}`);
    if (item.description) paragraph(doc, item.description);
    const announcements = data.announcements.filter((announcement) => announcement.agendaItemId === item.id);
    if (announcements.length > 0) heading(doc, texts.t("minutes.announcements"), 2);
    for (const announcement of announcements) fields(doc, [[announcement.title, announcement.body]]);
    for (const decisions of decisionsOfItem) decisions(doc, item, source, texts);
  });

  const general = data.announcements.filter((announcement) => announcement.agendaItemId === null);
  if (general.length > 0) {
    heading(doc, `${texts.t("minutes.announcements")} (${texts.t("minutes.unassigned")})`);
    for (const announcement of general) fields(doc, [[announcement.title, announcement.body]]);
  }
  return finishRecord(doc, source, texts);
}
