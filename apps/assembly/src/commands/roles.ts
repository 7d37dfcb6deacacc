import type { z } from "zod";
import type { AdminView } from "../api/routes/admin-auth.ts";
import type { RoleWithAdmin } from "../api/routes/roles.ts";
import { noInput } from "../api/schemas/common.ts";
import { adminRef, grantRoleInput } from "../api/schemas/roles.ts";
import { hashPassword } from "../auth/password.ts";
import type { AdminUser } from "../domain/admin.ts";
import { DomainError } from "../domain/errors.ts";
import { adminIn, audited } from "./audit.ts";
import type { EventCommand, EventQuery } from "./command.ts";
import { unwatched } from "./effect.ts";

/** An admin as the API shows them: never the password hash. */
export const adminView = (admin: AdminUser): AdminView => ({ id: admin.id, email: admin.email, name: admin.name });

export const listRoles: EventQuery<object, { roles: RoleWithAdmin[] }> = {
  name: "listRoles",
  permission: "event.view",
  input: noInput,
  async run({ store }, { event }) {
    const grants = await store.roles.list(event.id);
    const admins = await Promise.all(grants.map((grant) => store.admins.get(grant.adminId)));
    return { roles: grants.map((grant, index) => ({ ...grant, admin: adminView(admins[index]!) })) };
  },
};

/** Grants a role, creating the admin account for an email nobody has yet (name and initial password required then). */
export const grantRole: EventCommand<z.output<typeof grantRoleInput>, RoleWithAdmin> = {
  name: "grantRole",
  permission: "roles.manage",
  input: grantRoleInput,
  async run({ store }, access, input) {
    const eventId = access.event.id;
    const email = input.email.trim().toLowerCase();
    let newAccount: { name: string; passwordHash: string } | undefined;
    if (!(await store.admins.findByEmail(email))) {
      if (input.name === undefined || input.password === undefined) {
        throw new DomainError("invalid", "no admin has this email: give name and password to create the account");
      }
      // Hashed before the transaction: scrypt is slow and SQLite has one connection.
      newAccount = { name: input.name, passwordHash: await hashPassword(input.password) };
    }
    const result = await audited(store, adminIn(access), "role.grant", async (tx) => {
      const existing = await tx.admins.findByEmail(email);
      const admin = existing ?? (newAccount && (await tx.admins.create({ email: input.email, ...newAccount })));
      if (!admin) throw new DomainError("conflict", "the admin account changed meanwhile; try again");
      const before = await tx.roles.get(eventId, admin.id);
      const grant = await tx.roles.grant(eventId, admin.id, input.role);
      return { result: { ...grant, admin: adminView(admin) }, audit: { subject: admin.id, before: before ?? null, after: input.role } };
    });
    return { result, effects: unwatched("granting adds access; nothing shown changes") };
  },
};

/** Removes a role; the admin's channels of this event end (their other events' stay). None to remove is 404. */
export const revokeRole: EventCommand<{ adminId: string }, undefined> = {
  name: "revokeRole",
  permission: "roles.manage",
  input: adminRef,
  async run({ store }, access, { adminId }) {
    const eventId = access.event.id;
    await audited(store, adminIn(access), "role.revoke", async (tx) => {
      const before = await tx.roles.get(eventId, adminId);
      if (before === undefined) throw new DomainError("not_found", "role of this admin in this event not found");
      await tx.roles.revoke(eventId, adminId);
      return { result: undefined, audit: { subject: adminId, before } };
    });
    return { result: undefined, effects: [{ kind: "accessRevoked", eventId, adminId }] };
  },
};
