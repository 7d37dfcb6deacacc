import { randomUUID } from "node:crypto";
import type { AdminSession, AdminUser, EventRoleGrant } from "../domain/admin.ts";
import type { AssemblyEvent } from "../domain/event.ts";
import { DomainError } from "../domain/errors.ts";
import { normalizeEmail } from "../domain/participant.ts";
import { isAdminRole, type AdminRole } from "../domain/roles.ts";
import { transact, type Executor, type StoreContext } from "./context.ts";
import { requireEvent } from "./events-repo.ts";
import { validateTokenHash } from "./invitations-repo.ts";
import { iso, toEvent } from "./rows.ts";
import { isUniqueViolation } from "./sql-errors.ts";
import type { AdminSessionsRepository, AdminsRepository, NewAdminUser, RolesRepository } from "./store.ts";

async function requireAdmin(db: Executor, adminId: string): Promise<AdminUser> {
  const row = await db.selectFrom("admin_users").selectAll().where("id", "=", adminId).executeTakeFirst();
  if (row === undefined) throw new DomainError("not_found", "admin user not found", { adminId });
  return { id: row.id, email: row.email, name: row.name, passwordHash: row.password_hash, createdAt: iso(row.created_at) };
}

function validatePasswordHash(passwordHash: string): string {
  if (passwordHash.length === 0 || passwordHash.length > 1000)
    throw new DomainError("invalid", "password hash missing", { field: "passwordHash" });
  return passwordHash;
}

export async function createAdminUser(ctx: StoreContext, input: NewAdminUser): Promise<AdminUser> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) throw new DomainError("invalid", "name must have 1 to 200 characters", { field: "name" });
  const row = {
    id: randomUUID(),
    email: normalizeEmail(input.email),
    name,
    password_hash: validatePasswordHash(input.passwordHash),
    created_at: ctx.now(),
  };
  try {
    await ctx.db.insertInto("admin_users").values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("conflict", "an admin with this email exists", { field: "email" });
    throw error;
  }
  return requireAdmin(ctx.db, row.id);
}

export async function getAdminUser(ctx: StoreContext, adminId: string): Promise<AdminUser> {
  return requireAdmin(ctx.db, adminId);
}

export async function findAdminUserByEmail(ctx: StoreContext, email: string): Promise<AdminUser | undefined> {
  const row = await ctx.db.selectFrom("admin_users").select("id").where("email", "=", email.trim().toLowerCase()).executeTakeFirst();
  return row === undefined ? undefined : requireAdmin(ctx.db, row.id);
}

export async function setAdminPassword(ctx: StoreContext, adminId: string, passwordHash: string): Promise<void> {
  validatePasswordHash(passwordHash);
  await requireAdmin(ctx.db, adminId);
  await ctx.db.updateTable("admin_users").set({ password_hash: passwordHash }).where("id", "=", adminId).execute();
}

async function ownerCount(db: Executor, eventId: string): Promise<number> {
  const row = await db
    .selectFrom("event_roles")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("event_id", "=", eventId)
    .where("role", "=", "owner")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Demoting or removing the last owner would leave nobody able to manage roles, so both are `conflict`. */
export async function grantRole(ctx: StoreContext, eventId: string, adminId: string, role: AdminRole): Promise<EventRoleGrant> {
  if (!isAdminRole(role)) throw new DomainError("invalid", "unknown role", { field: "role" });
  return transact(ctx, async (trx) => {
    await requireEvent(trx, eventId);
    await requireAdmin(trx, adminId);
    const current = await getRoleIn(trx, eventId, adminId);
    if (current === "owner" && role !== "owner" && (await ownerCount(trx, eventId)) === 1) {
      throw new DomainError("last_owner", "an event must keep at least one owner");
    }
    if (current === undefined) {
      await trx.insertInto("event_roles").values({ event_id: eventId, admin_id: adminId, role }).execute();
    } else {
      await trx.updateTable("event_roles").set({ role }).where("event_id", "=", eventId).where("admin_id", "=", adminId).execute();
    }
    return { eventId, adminId, role };
  });
}

export async function revokeRole(ctx: StoreContext, eventId: string, adminId: string): Promise<void> {
  await transact(ctx, async (trx) => {
    const current = await getRoleIn(trx, eventId, adminId);
    if (current === "owner" && (await ownerCount(trx, eventId)) === 1)
      throw new DomainError("last_owner", "an event must keep at least one owner");
    await trx.deleteFrom("event_roles").where("event_id", "=", eventId).where("admin_id", "=", adminId).execute();
  });
}

async function getRoleIn(db: Executor, eventId: string, adminId: string): Promise<AdminRole | undefined> {
  const row = await db
    .selectFrom("event_roles")
    .select("role")
    .where("event_id", "=", eventId)
    .where("admin_id", "=", adminId)
    .executeTakeFirst();
  return row === undefined ? undefined : (row.role as AdminRole);
}

export async function getRole(ctx: StoreContext, eventId: string, adminId: string): Promise<AdminRole | undefined> {
  return getRoleIn(ctx.db, eventId, adminId);
}

export async function listRoles(ctx: StoreContext, eventId: string): Promise<EventRoleGrant[]> {
  await requireEvent(ctx.db, eventId);
  const rows = await ctx.db.selectFrom("event_roles").selectAll().where("event_id", "=", eventId).orderBy("admin_id").execute();
  return rows.map((row) => ({ eventId: row.event_id, adminId: row.admin_id, role: row.role as AdminRole }));
}

export async function listEventsForAdmin(ctx: StoreContext, adminId: string): Promise<{ event: AssemblyEvent; role: AdminRole }[]> {
  const rows = await ctx.db
    .selectFrom("event_roles")
    .innerJoin("events", "events.id", "event_roles.event_id")
    .selectAll("events")
    .select("event_roles.role")
    .where("event_roles.admin_id", "=", adminId)
    .orderBy("events.created_at")
    .orderBy("events.id")
    .execute();
  return rows.map((row) => ({ event: toEvent(row), role: row.role as AdminRole }));
}

export async function createAdminSession(ctx: StoreContext, tokenHash: string, adminId: string, expiresAt: Date): Promise<void> {
  validateTokenHash(tokenHash);
  if (Number.isNaN(expiresAt.getTime())) throw new DomainError("invalid", "invalid expiry", { field: "expiresAt" });
  await requireAdmin(ctx.db, adminId);
  try {
    await ctx.db
      .insertInto("admin_sessions")
      .values({ token_hash: tokenHash, admin_id: adminId, created_at: ctx.now(), expires_at: expiresAt.getTime() })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("conflict", "session token hash already used");
    throw error;
  }
}

export async function findAdminSession(ctx: StoreContext, tokenHash: string): Promise<AdminSession | undefined> {
  const row = await ctx.db
    .selectFrom("admin_sessions")
    .select(["admin_id", "expires_at"])
    .where("token_hash", "=", tokenHash)
    .where("expires_at", ">", ctx.now())
    .executeTakeFirst();
  return row === undefined ? undefined : { adminId: row.admin_id, expiresAt: iso(row.expires_at) };
}

export async function deleteAdminSession(ctx: StoreContext, tokenHash: string): Promise<void> {
  await ctx.db.deleteFrom("admin_sessions").where("token_hash", "=", tokenHash).execute();
}

export async function deleteAdminSessions(ctx: StoreContext, adminId: string, except?: string): Promise<number> {
  let query = ctx.db.deleteFrom("admin_sessions").where("admin_id", "=", adminId);
  if (except !== undefined) query = query.where("token_hash", "!=", except);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredAdminSessions(ctx: StoreContext): Promise<number> {
  const result = await ctx.db.deleteFrom("admin_sessions").where("expires_at", "<=", ctx.now()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** `AdminsRepository` over the store's context (the connection, or a transaction's). */
export class SqlAdmins implements AdminsRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async create(input: NewAdminUser): Promise<AdminUser> {
    return createAdminUser(this.#ctx(), input);
  }
  async get(adminId: string): Promise<AdminUser> {
    return getAdminUser(this.#ctx(), adminId);
  }
  async findByEmail(email: string): Promise<AdminUser | undefined> {
    return findAdminUserByEmail(this.#ctx(), email);
  }
  async setPassword(adminId: string, passwordHash: string): Promise<void> {
    return setAdminPassword(this.#ctx(), adminId, passwordHash);
  }
  async listEvents(adminId: string): Promise<{ event: AssemblyEvent; role: AdminRole }[]> {
    return listEventsForAdmin(this.#ctx(), adminId);
  }
}

/** `RolesRepository` over the store's context (the connection, or a transaction's). */
export class SqlRoles implements RolesRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async grant(eventId: string, adminId: string, role: AdminRole): Promise<EventRoleGrant> {
    return grantRole(this.#ctx(), eventId, adminId, role);
  }
  async revoke(eventId: string, adminId: string): Promise<void> {
    return revokeRole(this.#ctx(), eventId, adminId);
  }
  async get(eventId: string, adminId: string): Promise<AdminRole | undefined> {
    return getRole(this.#ctx(), eventId, adminId);
  }
  async list(eventId: string): Promise<EventRoleGrant[]> {
    return listRoles(this.#ctx(), eventId);
  }
}

/** `AdminSessionsRepository` over the store's context (the connection, or a transaction's). */
export class SqlAdminSessions implements AdminSessionsRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async create(tokenHash: string, adminId: string, expiresAt: Date): Promise<void> {
    return createAdminSession(this.#ctx(), tokenHash, adminId, expiresAt);
  }
  async find(tokenHash: string): Promise<AdminSession | undefined> {
    return findAdminSession(this.#ctx(), tokenHash);
  }
  async delete(tokenHash: string): Promise<void> {
    return deleteAdminSession(this.#ctx(), tokenHash);
  }
  async deleteAll(adminId: string, except?: string): Promise<number> {
    return deleteAdminSessions(this.#ctx(), adminId, except);
  }
  async deleteExpired(): Promise<number> {
    return deleteExpiredAdminSessions(this.#ctx());
  }
}
