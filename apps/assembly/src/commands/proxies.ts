import type { z } from "zod";
import { noInput } from "../api/schemas/common.ts";
import { grantProxyInput, principalRef } from "../api/schemas/proxies.ts";
import { DomainError } from "../domain/errors.ts";
import type { Proxy } from "../domain/proxy.ts";
import type { StoreOperations } from "../store/store.ts";
import type { ParticipantActor } from "./actor.ts";
import { type AuditActor, adminIn, audited } from "./audit.ts";
import type { Command, EventCommand, EventQuery } from "./command.ts";
import type { Effect } from "./effect.ts";
import type { Store } from "../store/store.ts";
import { participantOf } from "./scoped.ts";

/*
 * Proxy votes as chairs record them (the store checks the event's rules on
 * caps and chains), and a present participant taking their vote back. Any
 * change may move whom every participant view of the event votes for.
 */

const proxiesChanged = (eventId: string): readonly Effect[] => [{ kind: "proxies", eventId }];

/** Ends `principalId`'s proxy, audited when there was one (ending none is no change). */
function endProxy(store: Store, who: AuditActor, action: string, principalId: string, check: (tx: StoreOperations) => Promise<unknown>) {
  return audited(store, who, action, async (tx) => {
    await check(tx);
    const before = await tx.proxies.get(principalId);
    await tx.proxies.revoke(principalId);
    return { result: undefined, audit: before ? { subject: principalId, before } : null };
  });
}

export const listProxies: EventQuery<object, { proxies: Proxy[] }> = {
  name: "listProxies",
  permission: "participants.view",
  input: noInput,
  run: async ({ store }, { event }) => ({ proxies: await store.proxies.list(event.id) }),
};

export const grantProxy: EventCommand<z.output<typeof grantProxyInput>, { proxy: Proxy }> = {
  name: "grantProxy",
  permission: "proxies.manage",
  input: grantProxyInput,
  async run({ store }, access, { principalId, delegateId }) {
    const eventId = access.event.id;
    const proxy = await audited(store, adminIn(access), "proxy.grant", async (tx) => {
      await participantOf(tx, eventId, principalId);
      await participantOf(tx, eventId, delegateId);
      const granted = await tx.proxies.grant(principalId, delegateId);
      return { result: granted, audit: { subject: principalId, after: granted } };
    });
    return { result: { proxy }, effects: proxiesChanged(eventId) };
  },
};

export const revokeProxy: EventCommand<{ principalId: string }, undefined> = {
  name: "revokeProxy",
  permission: "proxies.manage",
  input: principalRef,
  async run({ store }, access, { principalId }) {
    const eventId = access.event.id;
    await endProxy(store, adminIn(access), "proxy.revoke", principalId, (tx) => participantOf(tx, eventId, principalId));
    return { result: undefined, effects: proxiesChanged(eventId) };
  },
};

/** Only someone checked in takes their vote back: the delegate votes for the absent. */
export const takeBackProxy: Command<ParticipantActor, object, undefined> = {
  name: "takeBackProxy",
  input: noInput,
  async run({ store }, { eventId, participantId }) {
    if (!(await store.attendance.isPresent(participantId))) throw new DomainError("not_present", "check in first to take your vote back");
    await endProxy(store, { eventId, actor: `participant:${participantId}` }, "proxy.take_back", participantId, async () => {});
    return { result: undefined, effects: proxiesChanged(eventId) };
  },
};
