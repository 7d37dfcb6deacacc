import type { Proxy, ProxyMap } from "../domain/proxy.ts";
import { checkDelegation } from "../domain/proxy.ts";
import { DomainError } from "../domain/errors.ts";
import { transact, type Executor, type StoreContext } from "./context.ts";
import { requireEvent } from "./events-repo.ts";
import { requireParticipant } from "./participants-repo.ts";
import { iso } from "./rows.ts";
import { isUniqueViolation } from "./sql-errors.ts";
import type { ProxiesRepository } from "./store.ts";

export async function loadProxyMap(db: Executor, eventId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom("proxies").select(["principal_id", "delegate_id"]).where("event_id", "=", eventId).execute();
  return new Map(rows.map((row) => [row.principal_id, row.delegate_id]));
}

/**
 * Delegation chain starting at `principalId`, as a partial map: enough for
 * `resolveVoter` without loading the event's every proxy on the ballot path.
 */
export async function loadChain(db: Executor, principalId: string): Promise<ProxyMap> {
  const chain = new Map<string, string>();
  for (let at = principalId; ; ) {
    const row = await db.selectFrom("proxies").select("delegate_id").where("principal_id", "=", at).executeTakeFirst();
    if (row === undefined || chain.has(row.delegate_id) || row.delegate_id === principalId) return chain;
    chain.set(at, row.delegate_id);
    at = row.delegate_id;
  }
}

export async function grantProxy(ctx: StoreContext, principalId: string, delegateId: string): Promise<Proxy> {
  try {
    return await transact(ctx, async (trx) => {
      const principal = await requireParticipant(trx, principalId);
      const delegate = await requireParticipant(trx, delegateId);
      // Serialises delegations per event on PostgreSQL so two grants cannot both slip under the cap.
      if (ctx.dialect === "postgres") await trx.selectFrom("events").select("id").where("id", "=", principal.eventId).forUpdate().execute();
      const event = await requireEvent(trx, principal.eventId);
      checkDelegation(event.settings, principal, delegate, await loadProxyMap(trx, event.id));
      const createdAt = ctx.now();
      await trx
        .insertInto("proxies")
        .values({ principal_id: principalId, event_id: event.id, delegate_id: delegateId, created_at: createdAt })
        .execute();
      return { eventId: event.id, principalId, delegateId, createdAt: iso(createdAt) };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError("already_delegated", "this participant already delegated their vote; revoke it first");
    throw error;
  }
}

export async function revokeProxy(ctx: StoreContext, principalId: string): Promise<void> {
  await requireParticipant(ctx.db, principalId);
  await ctx.db.deleteFrom("proxies").where("principal_id", "=", principalId).execute();
}

export async function listProxies(ctx: StoreContext, eventId: string): Promise<Proxy[]> {
  await requireEvent(ctx.db, eventId);
  const rows = await ctx.db
    .selectFrom("proxies")
    .selectAll()
    .where("event_id", "=", eventId)
    .orderBy("created_at")
    .orderBy("principal_id")
    .execute();
  return rows.map((row) => ({
    eventId: row.event_id,
    principalId: row.principal_id,
    delegateId: row.delegate_id,
    createdAt: iso(row.created_at),
  }));
}

export async function getProxy(ctx: StoreContext, principalId: string): Promise<Proxy | undefined> {
  const row = await ctx.db.selectFrom("proxies").selectAll().where("principal_id", "=", principalId).executeTakeFirst();
  return row === undefined
    ? undefined
    : { eventId: row.event_id, principalId: row.principal_id, delegateId: row.delegate_id, createdAt: iso(row.created_at) };
}

/** `ProxiesRepository` over the store's context (the connection, or a transaction's). */
export class SqlProxies implements ProxiesRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async grant(principalId: string, delegateId: string): Promise<Proxy> {
    return grantProxy(this.#ctx(), principalId, delegateId);
  }
  async revoke(principalId: string): Promise<void> {
    return revokeProxy(this.#ctx(), principalId);
  }
  async list(eventId: string): Promise<Proxy[]> {
    return listProxies(this.#ctx(), eventId);
  }
  async get(principalId: string): Promise<Proxy | undefined> {
    return getProxy(this.#ctx(), principalId);
  }
}
