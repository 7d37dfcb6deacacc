import type { FastifyInstance } from "fastify";
import { ballotRoutes } from "../../api/routes/ballots.ts";
import { castBallot } from "../../commands/cast-ballot.ts";
import { checkReceipt, listEntitlements } from "../../commands/ballot-queries.ts";
import type { HttpContext } from "../context.ts";
import { requireParticipantActor } from "../guards.ts";
import { inputOf, mountRoutes } from "../mount.ts";

/** Voting, for participants (see `castBallot`). */
export function serveBallots(app: FastifyInstance, ctx: HttpContext): void {
  const { commands } = ctx;
  mountRoutes(app, ballotRoutes, {
    castBallot: async (request) => commands.run(castBallot, await requireParticipantActor(ctx, request), inputOf(request)),
    entitlements: async (request) => commands.query(listEntitlements, await requireParticipantActor(ctx, request), inputOf(request)),
    checkReceipt: async (request) => commands.query(checkReceipt, await requireParticipantActor(ctx, request), inputOf(request)),
  });
}
