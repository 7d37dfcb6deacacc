import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isDomainError } from "../../src/domain/errors.ts";
import type { Store } from "../../src/store/store.ts";

const hash = (text: string): string => createHash("sha256").update(text).digest("hex");

export interface SsoSuiteContext {
  readonly store: () => Store;
  /** A fresh event with `count` participants. */
  readonly setup: (count: number) => Promise<{ event: { id: string }; ids: string[] }>;
  readonly advance: (ms: number) => void;
  readonly raw: (query: string) => Promise<Record<string, unknown>[]>;
}

/** Single sign-on's part of the store, on every database the store runs on. */
export function defineSsoTests(ctx: SsoSuiteContext): void {
  describe("single sign-on", () => {
    it("keeps an event's choice, off by default, and refuses an invalid one", async () => {
      const store = ctx.store();
      const { event } = await ctx.setup(0);
      expect(await store.sso.settings(event.id)).toEqual({ enabled: false, match: "email" });
      expect(await store.sso.saveSettings(event.id, { enabled: true, match: "memberNumber" })).toEqual({
        enabled: true,
        match: "memberNumber",
      });
      expect(await store.sso.settings(event.id)).toEqual({ enabled: true, match: "memberNumber" });
      const refused = await store.sso.saveSettings(event.id, { enabled: true, match: "name" as "email" }).catch((error: unknown) => error);
      expect(isDomainError(refused, "invalid")).toBe(true);
      expect(await store.sso.settings(event.id)).toEqual({ enabled: true, match: "memberNumber" });
      expect(isDomainError(await store.sso.settings("no-such-event").catch((error: unknown) => error), "not_found")).toBe(true);
    });

    it("hands a login in flight out once, never after its expiry, and keeps only hashes", async () => {
      const store = ctx.store();
      const { event } = await ctx.setup(0);
      const login = { stateHash: hash("state"), eventId: event.id, browserHash: hash("browser") };
      await store.sso.beginLogin(login, 60_000);
      const [taken, again] = await Promise.all([store.sso.consumeLogin(login.stateHash), store.sso.consumeLogin(login.stateHash)]);
      expect([taken, again].filter(Boolean)).toEqual([expect.objectContaining(login)]);
      expect(await store.sso.consumeLogin(login.stateHash)).toBeUndefined();

      const late = { ...login, stateHash: hash("late state") };
      await store.sso.beginLogin(late, 60_000);
      ctx.advance(60_000);
      expect(await store.sso.consumeLogin(late.stateHash)).toBeUndefined();
      expect(await store.sso.consumeLogin("not a hash")).toBeUndefined();

      // Expired logins go when the next one begins.
      await store.sso.beginLogin({ ...login, stateHash: hash("stale") }, 1000);
      ctx.advance(2000);
      await store.sso.beginLogin({ ...login, stateHash: hash("fresh") }, 1000);
      const rows = await ctx.raw(`select state_hash, browser_hash from sso_logins where event_id = '${event.id}'`);
      expect(rows).toEqual([{ state_hash: hash("fresh"), browser_hash: hash("browser") }]);
      expect(
        isDomainError(await store.sso.beginLogin({ ...login, stateHash: "plain" }, 1000).catch((error: unknown) => error), "invalid"),
      ).toBe(true);
    });

    it("finds participants by member number as written, and tells active, revoked and no links apart", async () => {
      const store = ctx.store();
      const { event, ids } = await ctx.setup(3);
      await store.participants.update(ids[0]!, { memberNumber: " 007 " });
      await store.participants.update(ids[1]!, { memberNumber: "42" });
      await store.participants.update(ids[2]!, { memberNumber: "42" });
      expect((await store.participants.findByMemberNumber(event.id, "007")).map((p) => p.id)).toEqual([ids[0]]);
      expect(await store.participants.findByMemberNumber(event.id, "7")).toEqual([]);
      expect((await store.participants.findByMemberNumber(event.id, "42")).map((p) => p.id).sort()).toEqual([ids[1], ids[2]].sort());
      expect((await store.participants.get(ids[0]!)).memberNumber).toBe("007");

      expect(await store.invitations.access(ids[0]!)).toBe("none");
      await store.invitations.issue(ids[0]!, hash("link"));
      expect(await store.invitations.access(ids[0]!)).toBe("active");
      await store.invitations.issueMany([{ participantId: ids[0]!, tokenHash: hash("sso") }], { keepEarlier: true });
      await store.invitations.revoke(ids[0]!);
      expect(await store.invitations.access(ids[0]!)).toBe("revoked");
    });
  });
}
