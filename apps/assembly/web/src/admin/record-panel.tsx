import { recordRoutes, type RecordSummary } from "../../../src/api/routes/record.ts";
import { call, download } from "../api.ts";
import { formatTime, useLanguage } from "../i18n.ts";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import type { ConsoleContext } from "./console-context.ts";
import { recordText } from "./record-texts.ts";
import { useFetched } from "./use-fetched.ts";

const documents = [
  { route: recordRoutes.minutesPdf, file: "minutes.pdf", label: "record.minutes" },
  { route: recordRoutes.attendancePdf, file: "attendance.pdf", label: "record.attendance" },
  { route: recordRoutes.namedVotesPdf, file: "named-votes.pdf", label: "record.namedVotes" },
  { route: recordRoutes.resultsPdf, file: "results.pdf", label: "record.results" },
] as const;

/** Records shown: the newest few; older ones stay downloadable by their hash. */
const shownRecords = 5;

/** Making a record of the event and downloading its JSON and PDFs, in the language the chair reads. */
export function RecordPanel({ ctx }: { ctx: ConsoleContext }) {
  const [language] = useLanguage();
  const params = { eventId: ctx.eventId };
  const records = useFetched(recordRoutes.listRecords, { params });
  const issue = useAction(async () => {
    await call(recordRoutes.issueRecord, { params });
    records.reload();
  });
  const fileName = (record: RecordSummary, file: string) => `${ctx.eventId}-${record.sha256.slice(0, 12)}-${file}`;
  const fetchDocument = useAction((record: RecordSummary, entry: (typeof documents)[number] | "json") =>
    entry === "json"
      ? download(recordRoutes.recordJson, { params: { ...params, sha256: record.sha256 } }, fileName(record, "event.json"))
      : download(entry.route, { params: { ...params, sha256: record.sha256 }, query: { language } }, fileName(record, entry.file)),
  );
  const list = records.data?.records ?? [];
  return (
    <section aria-labelledby="record-title" class="stack">
      <h2 id="record-title">{recordText("record.title")}</h2>
      <p class="muted">{recordText("record.explain")}</p>
      <div class="actions">
        <button type="button" class="primary" disabled={issue.busy} onClick={() => void issue.run()}>
          {recordText("record.issue")}
        </button>
        {issue.busy && <Busy />}
        <a href="/verify">{recordText("record.verifyLink")}</a>
      </div>
      <ErrorText error={issue.error ?? records.error} />
      {records.data && list.length === 0 && <p class="muted">{recordText("record.none")}</p>}
      {list.slice(0, shownRecords).map((record) => (
        <div key={record.sha256} class="record" data-testid="record">
          <p>
            <code class="record-hash">
              {recordText("record.made", { date: formatTime(record.createdAt, ctx.event.timezone), hash: record.sha256 })}
            </code>
          </p>
          <div class="actions">
            <button type="button" disabled={fetchDocument.busy} onClick={() => void fetchDocument.run(record, "json")}>
              {recordText("record.json")}
            </button>
            {documents.map((entry) => (
              <button key={entry.file} type="button" disabled={fetchDocument.busy} onClick={() => void fetchDocument.run(record, entry)}>
                {recordText(entry.label)}
              </button>
            ))}
          </div>
        </div>
      ))}
      <ErrorText error={fetchDocument.error} />
    </section>
  );
}
