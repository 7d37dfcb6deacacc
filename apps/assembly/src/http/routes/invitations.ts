import type { FastifyInstance } from "fastify";
import { invitationRoutes } from "../../api/routes/invitations.ts";
import { exportInvitations, issueInvitation, revokeInvitation } from "../../commands/invitations.ts";
import type { HttpContext } from "../context.ts";
import { eventCommand, eventDownload } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** Personal invitation links, at the app's public address (see `commands/invitations.ts`). */
export function serveInvitations(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, invitationRoutes, {
    issueInvitation: eventCommand(ctx, issueInvitation(ctx.invitationUrl), 201),
    revokeInvitation: eventCommand(ctx, revokeInvitation, 204),
    exportInvitations: eventDownload(ctx, exportInvitations(ctx.invitationUrl)),
  });
}
