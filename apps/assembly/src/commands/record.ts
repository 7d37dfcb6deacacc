import type { z } from "zod";
import { noInput } from "../api/schemas/common.ts";
import { recordFileInput, recordParams, resultsFileInput } from "../api/schemas/record.ts";
import { DomainError } from "../domain/errors.ts";
import type { Language } from "../domain/language.ts";
import { attendanceListPdf } from "../record/attendance-list.ts";
import { canonicalFile, type CanonicalFile } from "../record/canonical-export.ts";
import type { RecordSource } from "../record/layout.ts";
import { minutesPdf } from "../record/minutes.ts";
import { namedVotesPdf } from "../record/named-votes.ts";
import { pollResultsPdf } from "../record/poll-results.ts";
import { type RecordTexts, recordTexts } from "../record/texts.ts";
import type { EventExport, RecordSummary, Store } from "../store/store.ts";
import { recordRead } from "./audit.ts";
import type { EventCommand, EventQuery } from "./command.ts";
import type { Download } from "./download.ts";
import { unwatched } from "./effect.ts";

const nothingShown = unwatched("the record is fetched on request; the audit log is read on request");

/** The event's export in canonical JSON, kept under its hash so documents made from it can name it. */
export async function keepRecord(store: Store, eventId: string): Promise<{ summary: RecordSummary; file: CanonicalFile }> {
  const file = canonicalFile(await store.reports.exportEvent(eventId));
  return { summary: await store.records.save(eventId, file.sha256, file.body), file };
}

/** Makes a record of the event as it is now; the answer names its hash, under which its documents are downloaded. */
export const issueRecord: EventCommand<object, { record: RecordSummary }> = {
  name: "issueRecord",
  permission: "export",
  input: noInput,
  async run({ store }, access) {
    const { summary } = await keepRecord(store, access.event.id);
    await recordRead(store, access, "record.issue", summary.sha256);
    return { result: { record: summary }, effects: nothingShown };
  },
};

export const listRecords: EventQuery<object, { records: RecordSummary[] }> = {
  name: "listRecords",
  permission: "export",
  input: noInput,
  async run({ store }, access) {
    return { records: await store.records.list(access.event.id) };
  },
};

/** A kept record's JSON, byte for byte as it was hashed. */
export const recordJson: EventCommand<z.output<typeof recordParams>, Download> = {
  name: "recordJson",
  permission: "export",
  input: recordParams,
  async run({ store }, access, { sha256 }) {
    const record = await store.records.get(access.event.id, sha256);
    await recordRead(store, access, "record.json", sha256);
    return {
      result: {
        contentType: "application/json; charset=utf-8",
        filename: `event-${access.event.id}-${sha256.slice(0, 12)}.json`,
        body: record.body,
        recordSha256: sha256,
      },
      effects: nothingShown,
    };
  },
};

type Render<Input> = (source: RecordSource, texts: RecordTexts, input: Input) => Promise<Buffer>;

/**
 * A PDF of the record, made from the kept export with that hash (never from
 * the event as it is now, so the hash it prints is the file's it was made
 * from), in the language asked for, else the one the event's invitations go out in.
 */
function recordPdf<Input extends z.output<typeof recordFileInput>>(
  name: string,
  document: string,
  input: z.ZodType<Input>,
  render: Render<Input>,
): EventCommand<Input, Download> {
  return {
    name,
    permission: "export",
    input,
    async run({ store }, access, given) {
      const eventId = access.event.id;
      const record = await store.records.get(eventId, given.sha256);
      const data = JSON.parse(record.body) as EventExport;
      const language: Language = given.language ?? (await store.mail.template(eventId)).defaultLanguage;
      const body = await render({ data, sha256: record.sha256 }, recordTexts(language, data.event.timezone), given);
      await recordRead(store, access, `record.${document}`, record.sha256);
      return {
        result: {
          contentType: "application/pdf",
          filename: `${document}-${eventId}-${record.sha256.slice(0, 12)}.pdf`,
          body,
          recordSha256: record.sha256,
        },
        effects: nothingShown,
      };
    },
  };
}

export const minutesDocument = recordPdf("minutesDocument", "minutes", recordFileInput, (source, texts) => minutesPdf(source, texts));

export const attendanceDocument = recordPdf("attendanceDocument", "attendance", recordFileInput, (source, texts) =>
  attendanceListPdf(source, texts),
);

export const namedVotesDocument = recordPdf("namedVotesDocument", "named-votes", recordFileInput, (source, texts) =>
  namedVotesPdf(source, texts),
);

export const resultsDocument = recordPdf("resultsDocument", "results", resultsFileInput, (source, texts, { pollId }) => {
  if (pollId !== undefined && !source.data.polls.some((entry) => entry.poll.id === pollId)) {
    throw new DomainError("not_found", "no poll with this id in the record", { pollId });
  }
  return pollResultsPdf(source, texts, pollId);
});
