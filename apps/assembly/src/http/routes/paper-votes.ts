import type { FastifyInstance } from "fastify";
import { paperVoteRoutes } from "../../api/routes/paper-votes.ts";
import * as paper from "../../commands/paper-votes.ts";
import type { HttpContext } from "../context.ts";
import { eventCommand, eventQuery } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** Paper votes of polls, for the event's chairs (see `commands/paper-votes.ts`). */
export function servePaperVotes(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, paperVoteRoutes, {
    getPaperVotes: eventQuery(ctx, paper.getPaperVotes),
    setPaperCounts: eventCommand(ctx, paper.setPaperCounts),
    clearPaperCounts: eventCommand(ctx, paper.clearPaperCounts),
    namePaperVoter: eventCommand(ctx, paper.namePaperVoter),
    removePaperVoter: eventCommand(ctx, paper.removePaperVoter),
  });
}
