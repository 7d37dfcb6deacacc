import type { RecordSummary } from "../../store/store.ts";
import { type Attachment, type None, route } from "../route.ts";
import type { RecordFileQuery, ResultsFileQuery } from "../schemas/record.ts";

export type { RecordSummary };

type EventParams = { eventId: string };
type RecordParams = { eventId: string; sha256: string };

/**
 * The record of an event, for its chairs and owners: an export is kept under
 * the SHA-256 of its canonical JSON, and every document made from it prints
 * that hash. Each issue and download is audited.
 */
export const recordRoutes = {
  issueRecord: route<EventParams, None, None, { record: RecordSummary }>("POST", "/api/events/:eventId/records"),
  listRecords: route<EventParams, None, None, { records: RecordSummary[] }>("GET", "/api/events/:eventId/records"),
  recordJson: route<RecordParams, None, None, Attachment>("GET", "/api/events/:eventId/records/:sha256/event.json"),
  minutesPdf: route<RecordParams, RecordFileQuery, None, Attachment>("GET", "/api/events/:eventId/records/:sha256/minutes.pdf"),
  attendancePdf: route<RecordParams, RecordFileQuery, None, Attachment>("GET", "/api/events/:eventId/records/:sha256/attendance.pdf"),
  namedVotesPdf: route<RecordParams, RecordFileQuery, None, Attachment>("GET", "/api/events/:eventId/records/:sha256/named-votes.pdf"),
  resultsPdf: route<RecordParams, ResultsFileQuery, None, Attachment>("GET", "/api/events/:eventId/records/:sha256/results.pdf"),
};
