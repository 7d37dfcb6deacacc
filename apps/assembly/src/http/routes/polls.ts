import type { FastifyInstance } from "fastify";
import { pollRoutes } from "../../api/routes/polls.ts";
import * as polls from "../../commands/polls.ts";
import { eventReceipts } from "../../commands/published-receipts.ts";
import type { HttpContext } from "../context.ts";
import { eventCommand, eventQuery } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** Polls, for the event's admins (see `commands/polls.ts`). */
export function servePolls(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, pollRoutes, {
    listPolls: eventQuery(ctx, polls.listPolls),
    createPoll: eventCommand(ctx, polls.createPoll, 201),
    getPoll: eventQuery(ctx, polls.getPoll),
    updatePoll: eventCommand(ctx, polls.updatePoll),
    deletePoll: eventCommand(ctx, polls.deletePoll, 204),
    openPoll: eventCommand(ctx, polls.openPoll),
    closePoll: eventCommand(ctx, polls.closePoll),
    publishPoll: eventCommand(ctx, polls.publishPoll),
    pollResults: eventQuery(ctx, polls.pollResults),
    namedBallots: eventQuery(ctx, polls.namedBallots),
    pollReceipts: eventQuery(ctx, eventReceipts),
  });
}
