import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { hashPassword } from "../../auth/password.ts";
import { isAdminRole, type AdminRole } from "../../domain/roles.ts";
import { adminIn, audited } from "../../commands/audit.ts";
import type { HttpContext } from "../context.ts";
import { requireEventAccess } from "../guards.ts";
import { HttpError, notFound } from "../http-error.ts";
import { eventParams, idSchema, parseWith } from "../validate.ts";
import { adminView, passwordSchema } from "./admin-auth.ts";

const grantBody = z.strictObject({
  email: z.string().max(320),
  role: z.custom<AdminRole>(isAdminRole, "role must be owner, chair or observer"),
  /** Only for a new admin account: its name and initial password. */
  name: z.string().max(200).optional(),
  password: passwordSchema.optional(),
});

const roleParams = eventParams.extend({ adminId: idSchema });

/**
 * Who administers an event. Granting to an unknown email creates the admin
 * account with the given name and initial password (the owner hands it over
 * out of band); existing accounts keep their password.
 */
export function roleRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.get("/events/:eventId/roles", async (request) => {
    const { eventId } = parseWith(eventParams, request.params);
    await requireEventAccess(ctx, request, eventId, "event.view");
    const grants = await ctx.store.listRoles(eventId);
    const admins = await Promise.all(grants.map((grant) => ctx.store.getAdminUser(grant.adminId)));
    return { roles: grants.map((grant, index) => ({ ...grant, admin: adminView(admins[index]!) })) };
  });

  app.put("/events/:eventId/roles", async (request) => {
    const { eventId } = parseWith(eventParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "roles.manage");
    const input = parseWith(grantBody, request.body);
    const email = input.email.trim().toLowerCase();
    let newAccount: { name: string; passwordHash: string } | undefined;
    if (!(await ctx.store.findAdminUserByEmail(email))) {
      if (input.name === undefined || input.password === undefined) {
        throw new HttpError("invalid", "no admin has this email: give name and password to create the account");
      }
      // Hashed before the transaction: scrypt is slow and SQLite has one connection.
      newAccount = { name: input.name, passwordHash: await hashPassword(input.password) };
    }
    return audited(ctx.store, adminIn(access), "role.grant", async (tx) => {
      const existing = await tx.findAdminUserByEmail(email);
      const admin = existing ?? (newAccount && (await tx.createAdminUser({ email: input.email, ...newAccount })));
      if (!admin) throw new HttpError("conflict", "the admin account changed meanwhile; try again");
      const before = await tx.getRole(eventId, admin.id);
      const grant = await tx.grantRole(eventId, admin.id, input.role);
      return { result: { ...grant, admin: adminView(admin) }, audit: { subject: admin.id, before: before ?? null, after: input.role } };
    });
  });

  app.delete("/events/:eventId/roles/:adminId", async (request, reply) => {
    const { eventId, adminId } = parseWith(roleParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "roles.manage");
    await audited(ctx.store, adminIn(access), "role.revoke", async (tx) => {
      const before = await tx.getRole(eventId, adminId);
      // Nothing to remove is not a success: no entry, and no live effect (that runs only after a 2xx).
      if (before === undefined) throw notFound("role of this admin in this event");
      await tx.revokeRole(eventId, adminId);
      return { result: undefined, audit: { subject: adminId, before } };
    });
    return reply.status(204).send();
  });
}
