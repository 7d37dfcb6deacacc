import { defaultEventSso, type EventSso, type SsoMatch, validateEventSso } from "../domain/sso.ts";
import type { StoreContext } from "./context.ts";
import { requireEvent } from "./events-repo.ts";
import { validateTokenHash } from "./invitations-repo.ts";
import type { PendingSsoLogin, SsoRepository } from "./store.ts";

/** Stored as the column says it, spelled as SQL columns are. */
const matchColumn: Record<SsoMatch, string> = { email: "email", memberNumber: "member_number" };
const matchOf = (column: string): SsoMatch => (column === "member_number" ? "memberNumber" : "email");

async function eventSso(ctx: StoreContext, eventId: string): Promise<EventSso> {
  await requireEvent(ctx.db, eventId);
  const row = await ctx.db.selectFrom("event_sso").selectAll().where("event_id", "=", eventId).executeTakeFirst();
  return row === undefined ? defaultEventSso : { enabled: row.enabled === 1, match: matchOf(row.match_by) };
}

async function saveEventSso(ctx: StoreContext, eventId: string, input: EventSso): Promise<EventSso> {
  const sso = validateEventSso(input);
  await requireEvent(ctx.db, eventId);
  const columns = { enabled: sso.enabled ? 1 : 0, match_by: matchColumn[sso.match], updated_at: ctx.now() };
  await ctx.db
    .insertInto("event_sso")
    .values({ event_id: eventId, ...columns })
    .onConflict((conflict) => conflict.column("event_id").doUpdateSet(columns))
    .execute();
  return sso;
}

/** Records a login in flight, and forgets those past their expiry (nobody can complete them any more). */
async function beginLogin(ctx: StoreContext, login: Omit<PendingSsoLogin, "expiresAt">, ttlMs: number): Promise<void> {
  await requireEvent(ctx.db, login.eventId);
  const now = ctx.now();
  await ctx.db.deleteFrom("sso_logins").where("expires_at", "<", now).execute();
  await ctx.db
    .insertInto("sso_logins")
    .values({
      state_hash: validateTokenHash(login.stateHash),
      event_id: login.eventId,
      browser_hash: validateTokenHash(login.browserHash),
      expires_at: now + ttlMs,
    })
    .execute();
}

/** Takes the login out in one statement: of two callbacks racing with one state, one gets it. */
async function consumeLogin(ctx: StoreContext, stateHash: string): Promise<PendingSsoLogin | undefined> {
  if (!/^[0-9a-f]{64}$/.test(stateHash)) return undefined;
  const row = await ctx.db.deleteFrom("sso_logins").where("state_hash", "=", stateHash).returningAll().executeTakeFirst();
  if (row === undefined || row.expires_at <= ctx.now()) return undefined;
  return { stateHash: row.state_hash, eventId: row.event_id, browserHash: row.browser_hash, expiresAt: row.expires_at };
}

/** `SsoRepository` over the store's context. */
export class SqlSso implements SsoRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async settings(eventId: string): Promise<EventSso> {
    return eventSso(this.#ctx(), eventId);
  }
  async saveSettings(eventId: string, sso: EventSso): Promise<EventSso> {
    return saveEventSso(this.#ctx(), eventId, sso);
  }
  async beginLogin(login: Omit<PendingSsoLogin, "expiresAt">, ttlMs: number): Promise<void> {
    return beginLogin(this.#ctx(), login, ttlMs);
  }
  async consumeLogin(stateHash: string): Promise<PendingSsoLogin | undefined> {
    return consumeLogin(this.#ctx(), stateHash);
  }
}
