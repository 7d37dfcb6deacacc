import type { FastifyInstance } from "fastify";
import { motionRoutes } from "../../api/routes/motions.ts";
import { participantMotionRoutes } from "../../api/routes/participant-motions.ts";
import { motionBook } from "../../commands/motion-book.ts";
import { importMotions } from "../../commands/motion-import.ts";
import { createMotionPoll, linkMotionPoll } from "../../commands/motion-votes.ts";
import * as motions from "../../commands/motions.ts";
import * as participant from "../../commands/participant-motions.ts";
import type { HttpContext } from "../context.ts";
import { eventCommand, eventDownload, eventQuery, eventUpload, participantCommand, participantQuery } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

const { importMotions: _upload, ...jsonRoutes } = motionRoutes;

/** The motion book for the event's admins (see `commands/motions.ts`, `motion-votes.ts`, `motion-book.ts`). */
export function serveMotions(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, jsonRoutes, {
    motionSettings: eventQuery(ctx, motions.motionSettings),
    updateMotionSettings: eventCommand(ctx, motions.updateMotionSettings),
    listMotions: eventQuery(ctx, motions.listMotions),
    createMotion: eventCommand(ctx, motions.createMotion, 201),
    motionBook: eventDownload(ctx, motionBook),
    getMotion: eventQuery(ctx, motions.getMotion),
    updateMotion: eventCommand(ctx, motions.updateMotion),
    transitionMotion: eventCommand(ctx, motions.transitionMotion),
    recommendMotion: eventCommand(ctx, motions.recommendMotion),
    createAmendment: eventCommand(ctx, motions.createAmendment, 201),
    transitionAmendment: eventCommand(ctx, motions.transitionAmendment),
    recommendAmendment: eventCommand(ctx, motions.recommendAmendment),
    createMotionPoll: eventCommand(ctx, createMotionPoll, 201),
    linkMotionPoll: eventCommand(ctx, linkMotionPoll),
  });
}

/** The CSV import of motions, mounted in the scope that reads CSV bodies (see `serveParticipantImport`). */
export function serveMotionImport(files: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(
    files,
    { importMotions: motionRoutes.importMotions },
    { importMotions: eventUpload(ctx, importMotions) },
    { importMotions: { bodyLimit: ctx.csvBodyLimit } },
  );
}

/** The participants' side (see `commands/participant-motions.ts`). */
export function serveParticipantMotions(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, participantMotionRoutes, {
    participantMotions: participantQuery(ctx, participant.participantMotions),
    participantMotion: participantQuery(ctx, participant.participantMotion),
    submitMotion: participantCommand(ctx, participant.submitMotion, 201),
    submitAmendment: participantCommand(ctx, participant.submitAmendment, 201),
    supportMotion: participantCommand(ctx, participant.supportMotion),
    withdrawSupport: participantCommand(ctx, participant.withdrawSupport),
  });
}
