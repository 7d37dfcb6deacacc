import type { FastifyInstance } from "fastify";
import { participantImportRoutes } from "../../api/routes/participants.ts";
import { importParticipants, previewParticipantImport } from "../../commands/participant-import.ts";
import type { HttpContext } from "../context.ts";
import { eventUpload, eventUploadQuery } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/**
 * The CSV import (see `commands/participant-import.ts`): the body is the
 * file's bytes (`Content-Type: text/csv`), so mount it in a scope that reads
 * CSV; its body limit is the larger one for uploads.
 */
export function serveParticipantImport(files: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(
    files,
    participantImportRoutes,
    { importParticipants: eventUpload(ctx, importParticipants), previewParticipantImport: eventUploadQuery(ctx, previewParticipantImport) },
    { importParticipants: { bodyLimit: ctx.csvBodyLimit }, previewParticipantImport: { bodyLimit: ctx.csvBodyLimit } },
  );
}
