import { finishRecord, paragraph, type RecordSource, recordDocument, table } from "./layout.ts";
import type { RecordTexts } from "./texts.ts";

/** Everyone on the roll, present or not, with their check-in times (no e-mail addresses: this list is printed). */
export async function attendanceListPdf(source: RecordSource, texts: RecordTexts): Promise<Buffer> {
  const { attendance } = source.data;
  const doc = recordDocument(texts.t("attendance.title"), source, texts);
  paragraph(
    doc,
    texts.t("attendance.summary", {
      present: texts.number(attendance.filter((row) => row.present).length),
      total: texts.number(attendance.length),
    }),
  );
  doc.moveDown(0.5);
  const time = (at: string | null): string => (at === null ? "" : texts.dateTime(at));
  await table(
    doc,
    [
      { header: texts.t("attendance.name"), share: 0.3 },
      { header: texts.t("attendance.group"), share: 0.15 },
      { header: texts.t("attendance.region"), share: 0.15 },
      { header: texts.t("attendance.present"), share: 0.1 },
      { header: texts.t("attendance.firstCheckIn"), share: 0.15 },
      { header: texts.t("attendance.lastCheckOut"), share: 0.15 },
    ],
    attendance.map((row) => [
      row.name,
      row.group ?? "",
      row.region ?? "",
      texts.t(row.present ? "choice.yes" : "choice.no"),
      time(row.firstCheckInAt),
      time(row.lastCheckOutAt),
    ]),
  );
  return finishRecord(doc, source, texts);
}
