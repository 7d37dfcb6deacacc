import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { AdminUser } from "../../domain/admin.ts";
import { hashPassword, verifyPassword } from "../../auth/password.ts";
import { hashToken } from "../../auth/token.ts";
import { ADMIN_COOKIE, credentialOf } from "../cookies.ts";
import { audited } from "../../commands/audit.ts";
import type { HttpContext } from "../context.ts";
import { requireAdmin, signedInAdmin } from "../guards.ts";
import { actorOf } from "../../commands/actor.ts";
import { HttpError } from "../http-error.ts";
import { rateLimited } from "../rate-limit.ts";
import { parseWith } from "../validate.ts";

/** Bounded so a megabyte "password" cannot make scrypt a denial of service. */
export const passwordSchema = z.string().min(10).max(200);

const loginBody = z.object({ email: z.string().max(320), password: z.string().max(200) });
const passwordBody = z.object({ currentPassword: z.string().max(200), newPassword: passwordSchema });

/** Public view of an admin user: never the password hash. */
export const adminView = (admin: AdminUser) => ({ id: admin.id, email: admin.email, name: admin.name });

/** Admin sign-in, sign-out (here or everywhere), own profile and password. */
export function adminAuthRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.post("/admin/login", rateLimited(ctx.loginLimiter), async (request, reply) => {
    const { email, password } = parseWith(loginBody, request.body);
    const signIn = await ctx.adminSessions.signIn(email, password);
    if (!signIn) {
      ctx.loginLimiter.hit(request.ip);
      throw new HttpError("invalid_credentials", "wrong email or password");
    }
    ctx.cookies.setAdmin(reply, signIn.token, signIn.expiresAt);
    return { admin: adminView(signIn.admin), expiresAt: signIn.expiresAt.toISOString() };
  });

  app.post("/admin/logout", async (request, reply) => {
    // Remembered for the live effect: signing out closes the admin's sockets.
    await signedInAdmin(ctx, request);
    await ctx.adminSessions.signOut(credentialOf(request, ADMIN_COOKIE));
    ctx.cookies.clearAdmin(reply);
    return reply.status(204).send();
  });

  app.get("/admin/me", async (request) => {
    const admin = await requireAdmin(ctx, request);
    const events = await ctx.store.listEventsForAdmin(admin.id);
    return { admin: adminView(admin), events };
  });

  app.put("/admin/password", async (request, reply) => {
    const admin = await requireAdmin(ctx, request);
    const { currentPassword, newPassword } = parseWith(passwordBody, request.body);
    if (!(await verifyPassword(currentPassword, admin.passwordHash))) {
      throw new HttpError("wrong_password", "the current password is wrong");
    }
    const passwordHash = await hashPassword(newPassword);
    // Whoever knew the old password may hold a session: all end but this one (their sockets too, see live/http-changes.ts).
    const current = hashToken(credentialOf(request, ADMIN_COOKIE) ?? "");
    await audited(ctx.store, { eventId: null, actor: actorOf(admin) }, "admin.password", async (tx) => {
      await tx.setAdminPassword(admin.id, passwordHash);
      const ended = await tx.deleteAdminSessions(admin.id, current);
      return { result: undefined, audit: { subject: admin.id, after: { otherSessionsEnded: ended } } };
    });
    return reply.status(204).send();
  });

  app.post("/admin/sessions/revoke-all", async (request, reply) => {
    const admin = await requireAdmin(ctx, request);
    const ended = await audited(ctx.store, { eventId: null, actor: actorOf(admin) }, "admin.sessions.revoke_all", async (tx) => {
      const count = await tx.deleteAdminSessions(admin.id);
      return { result: count, audit: { subject: admin.id, after: { sessionsEnded: count } } };
    });
    ctx.cookies.clearAdmin(reply);
    return { ended };
  });
}
