import type { FastifyInstance } from "fastify";
import { recordRoutes } from "../../api/routes/record.ts";
import {
  attendanceDocument,
  issueRecord,
  listRecords,
  minutesDocument,
  namedVotesDocument,
  recordJson,
  resultsDocument,
} from "../../commands/record.ts";
import type { HttpContext } from "../context.ts";
import { eventCommand, eventDownload, eventQuery } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** The event's record and the documents made from it (see `commands/record.ts`). */
export function serveRecord(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, recordRoutes, {
    issueRecord: eventCommand(ctx, issueRecord),
    listRecords: eventQuery(ctx, listRecords),
    recordJson: eventDownload(ctx, recordJson),
    minutesPdf: eventDownload(ctx, minutesDocument),
    attendancePdf: eventDownload(ctx, attendanceDocument),
    namedVotesPdf: eventDownload(ctx, namedVotesDocument),
    resultsPdf: eventDownload(ctx, resultsDocument),
  });
}
