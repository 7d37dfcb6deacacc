import type { FastifyInstance } from "fastify";
import { speakerRequestRoutes, speakerRoutes } from "../../api/routes/speakers.ts";
import { requestToSpeak, withdrawRequest } from "../../commands/speaker-requests.ts";
import * as speakers from "../../commands/speakers.ts";
import { exportSpeakingTime } from "../../commands/speaking-time.ts";
import type { HttpContext } from "../context.ts";
import { eventCommand, eventDownload, eventQuery, participantCommand } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** Lists of speakers: the chairs' steps (see `commands/speakers.ts`) and participants' requests (see `commands/speaker-requests.ts`). */
export function serveSpeakers(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, speakerRoutes, {
    openSpeakerList: eventCommand(ctx, speakers.openSpeakerList),
    getSpeakerList: eventQuery(ctx, speakers.getSpeakerList),
    updateSpeakerList: eventCommand(ctx, speakers.updateSpeakerList),
    addSpeaker: eventCommand(ctx, speakers.addSpeaker),
    moveSpeaker: eventCommand(ctx, speakers.moveSpeaker),
    removeSpeaker: eventCommand(ctx, speakers.removeSpeaker),
    startSpeaker: eventCommand(ctx, speakers.startSpeaker),
    stopSpeaker: eventCommand(ctx, speakers.stopSpeaker),
    pauseSpeaker: eventCommand(ctx, speakers.pauseSpeaker),
    resumeSpeaker: eventCommand(ctx, speakers.resumeSpeaker),
    closeSpeakerList: eventCommand(ctx, speakers.closeSpeakerList),
    reopenSpeakerList: eventCommand(ctx, speakers.reopenSpeakerList),
    speakingStatistics: eventDownload(ctx, exportSpeakingTime),
  });
  mountRoutes(app, speakerRequestRoutes, {
    requestToSpeak: participantCommand(ctx, requestToSpeak),
    withdrawRequest: participantCommand(ctx, withdrawRequest),
  });
}
