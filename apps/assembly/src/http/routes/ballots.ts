import type { FastifyInstance } from "fastify";
import { participantReceipts } from "../../commands/published-receipts.ts";
import { ballotRoutes } from "../../api/routes/ballots.ts";
import { checkReceipt, listEntitlements } from "../../commands/ballot-queries.ts";
import { castBallot } from "../../commands/cast-ballot.ts";
import type { HttpContext } from "../context.ts";
import { participantCommand, participantQuery } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** Voting, for participants (see `castBallot`). */
export function serveBallots(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, ballotRoutes, {
    castBallot: participantCommand(ctx, castBallot),
    entitlements: participantQuery(ctx, listEntitlements),
    checkReceipt: participantQuery(ctx, checkReceipt),
    publishedReceipts: participantQuery(ctx, participantReceipts),
  });
}
