import type { FastifyInstance } from "fastify";
import { adminAuthRoutes } from "../../api/routes/admin-auth.ts";
import { adminMe, adminSignIn, adminSignOut, changePassword, signOutEverywhere } from "../../commands/admin-auth.ts";
import { ADMIN_COOKIE, credentialOf } from "../cookies.ts";
import type { HttpContext } from "../context.ts";
import { signedInAdmin } from "../guards.ts";
import { adminCommand, adminQuery, adminSessionCommand, signIn } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";
import { rateLimited } from "../rate-limit.ts";

/** Admin sign-in and the admin's own account (see `commands/admin-auth.ts`); the session travels as a cookie. */
export function serveAdminAuth(app: FastifyInstance, ctx: HttpContext): void {
  const signInCommand = adminSignIn(ctx.adminSessions);
  const signOutCommand = adminSignOut(ctx.adminSessions);
  const changeOwnPassword = adminSessionCommand(ctx, changePassword, 204);
  const endAllSessions = adminCommand(ctx, signOutEverywhere);
  mountRoutes(
    app,
    adminAuthRoutes,
    {
      async adminSignIn(request, reply) {
        const { token, expiresAt, answer } = await signIn(ctx, request, ctx.loginLimiter, "invalid_credentials", signInCommand);
        ctx.cookies.setAdmin(reply, token, expiresAt);
        return answer;
      },
      // Signing out always succeeds and clears the cookie, whether or not the session was still valid.
      async adminSignOut(request, reply) {
        const token = credentialOf(request, ADMIN_COOKIE);
        const admin = await signedInAdmin(ctx, request);
        if (admin && token !== undefined) await ctx.commands.run(signOutCommand, { admin, token }, {});
        ctx.cookies.clearAdmin(reply);
        return reply.status(204).send();
      },
      adminMe: adminQuery(ctx, adminMe),
      changePassword: changeOwnPassword,
      async signOutEverywhere(request, reply) {
        const result = await endAllSessions(request, reply);
        ctx.cookies.clearAdmin(reply);
        return result;
      },
    },
    { adminSignIn: rateLimited(ctx.loginLimiter) },
  );
}
