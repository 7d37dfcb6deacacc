import type { Store, StoreOperations } from "../store/store.ts";
import { actorOf, type EventAccess } from "./actor.ts";

/** Who acts, and in which event (null: installation-wide, e.g. an admin's own password). */
export interface AuditActor {
  readonly eventId: string | null;
  readonly actor: string;
}

/** What an audit entry says about the action beyond who and what. */
export interface AuditDetails {
  readonly subject?: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** The signed-in admin acting in `access.event`. */
export const adminIn = (access: EventAccess): AuditActor => ({ eventId: access.event.id, actor: actorOf(access.admin) });

/**
 * Runs an action and appends its audit entry in one transaction, so the
 * action never commits without its entry nor the entry without the action.
 * `work` does everything through `tx` (reads for `before` too, so they see
 * the state the action changes) and returns the response value with the
 * entry's details, or `audit: null` when the action changed nothing (no entry).
 */
export function audited<T>(
  store: Store,
  who: AuditActor,
  action: string,
  work: (tx: StoreOperations) => Promise<{ readonly result: T; readonly audit: AuditDetails | null }>,
): Promise<T> {
  return store.transaction(async (tx) => {
    const { result, audit } = await work(tx);
    if (audit !== null) await tx.audit.append({ ...who, action, ...audit });
    return result;
  });
}

/** Audits making an entity: the entry's subject is its id, its `after` the entity as made. */
export function auditedCreation<T extends { readonly id: string }>(
  store: Store,
  who: AuditActor,
  action: string,
  create: (tx: StoreOperations) => Promise<T>,
): Promise<T> {
  return audited(store, who, action, async (tx) => {
    const created = await create(tx);
    return { result: created, audit: { subject: created.id, after: created } };
  });
}

/**
 * Audits a change to one entity: `load` reads it as it was (refusing one of
 * another event), `change` makes the change and returns it as it is now.
 */
export function auditedUpdate<T>(
  store: Store,
  who: AuditActor,
  action: string,
  subject: string,
  load: (tx: StoreOperations) => Promise<T>,
  change: (tx: StoreOperations) => Promise<T>,
): Promise<T> {
  return audited(store, who, action, async (tx) => {
    const before = await load(tx);
    const after = await change(tx);
    return { result: after, audit: { subject, before, after } };
  });
}

/**
 * Audits a read-only admin action (an export). Appended before the data is
 * sent, so no download goes unrecorded; there is nothing to roll back.
 */
export async function recordRead(store: Store, access: EventAccess, action: string, subject?: string): Promise<void> {
  await store.audit.append({ ...adminIn(access), action, ...(subject === undefined ? {} : { subject }) });
}
