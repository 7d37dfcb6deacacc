import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isDomainError } from "../../src/domain/errors.ts";
import { defaultMailTemplate } from "../../src/domain/mail-template.ts";
import type { Store } from "../../src/store/store.ts";

const tokenHash = (token: string): string => createHash("sha256").update(token).digest("hex");

export interface OutboxSuiteContext {
  readonly store: () => Store;
  /** A fresh event with `count` participants (names in id order). */
  readonly setup: (count: number) => Promise<{ event: { id: string }; ids: string[] }>;
  /** The store's clock, moved by hand. */
  readonly now: () => number;
  readonly advance: (ms: number) => void;
  readonly raw: (query: string) => Promise<Record<string, unknown>[]>;
  readonly concurrentStoresInProcess: boolean;
  readonly open: () => Promise<Store>;
}

/** The invitation mail outbox, on every database the store runs on. */
export function defineMailOutboxTests(ctx: OutboxSuiteContext): void {
  describe("invitation mail outbox", () => {
    it("queues everyone once with a new link each, replacing earlier links, and never twice while under way", async () => {
      const store = ctx.store();
      const { event, ids } = await ctx.setup(3);
      await store.invitations.issue(ids[0]!, tokenHash("earlier link"));
      expect(await store.mail.queue(event.id, { kind: "all" }, "invitation")).toEqual(ids);
      expect(await store.mail.counts(event.id)).toEqual({ queued: 3, sending: 0, sent: 0, failed: 0, uncertain: 0 });
      expect(await store.invitations.findParticipant(tokenHash("earlier link"))).toBeUndefined();
      expect(await store.mail.queue(event.id, { kind: "all" }, "invitation")).toEqual([]);
      expect(await store.mail.queue(event.id, { kind: "selected", participantIds: [ids[1]!] }, "invitation")).toEqual([]);

      const claimed = await store.mail.claim(1000);
      const mine = claimed.filter((mail) => mail.eventId === event.id);
      expect(mine.map((mail) => mail.participantId).sort()).toEqual([...ids].sort());
      for (const mail of mine) {
        expect(mail).toMatchObject({ kind: "invitation", attempts: 1, language: null });
        expect((await store.invitations.findParticipant(tokenHash(mail.token!)))?.id).toBe(mail.participantId);
      }
      expect(await store.mail.counts(event.id)).toMatchObject({ queued: 0, sending: 3 });
      expect((await store.mail.claim(10)).filter((mail) => mail.eventId === event.id)).toEqual([]);
      for (const mail of claimed) await store.mail.settle(mail.id, mail.claimId, { state: "sent", messageId: `<${mail.id}@test>` });
    });

    it("keeps the link only sealed, and erases it once sent or failed", async () => {
      const store = ctx.store();
      const { event, ids } = await ctx.setup(2);
      await store.mail.queue(event.id, { kind: "all" }, "invitation");
      const claimed = (await store.mail.claim(1000)).filter((mail) => mail.eventId === event.id);
      const stored = await ctx.raw(`select id, sealed_token, recipient from mail_outbox where event_id = '${event.id}'`);
      for (const row of stored) {
        const mail = claimed.find((candidate) => candidate.id === row["id"])!;
        expect(row["sealed_token"]).not.toContain(mail.token);
        expect(Buffer.from(String(row["sealed_token"]), "base64").includes(Buffer.from(mail.token!))).toBe(false);
        expect(row["recipient"]).toBe(mail.email);
      }
      expect(await store.mail.settle(claimed[0]!.id, claimed[0]!.claimId, { state: "sent", messageId: "<a@test>" })).toBe(true);
      expect(await store.mail.settle(claimed[1]!.id, claimed[1]!.claimId, { state: "failed", error: "550 no such user" })).toBe(true);
      const after = await ctx.raw(
        `select sealed_token, provider_message_id from mail_outbox where event_id = '${event.id}' order by state`,
      );
      expect(after.map((row) => row["sealed_token"])).toEqual([null, null]);
      expect(after.map((row) => row["provider_message_id"]).sort()).toEqual(["<a@test>", null].sort());
      expect(ids).toHaveLength(2);
    });

    it("settles only through the claim that marked it sending", async () => {
      const store = ctx.store();
      const { event } = await ctx.setup(1);
      await store.mail.queue(event.id, { kind: "all" }, "invitation");
      const [mail] = (await store.mail.claim(1000)).filter((candidate) => candidate.eventId === event.id);
      expect(await store.mail.settle(mail!.id, "another claim", { state: "sent", messageId: null })).toBe(false);
      expect(await store.mail.settle(mail!.id, mail!.claimId, { state: "sent", messageId: null })).toBe(true);
      expect(await store.mail.settle(mail!.id, mail!.claimId, { state: "failed", error: "late" })).toBe(false);
      expect(await store.mail.counts(event.id)).toMatchObject({ sent: 1, failed: 0 });
    });

    it("waits out a retry, then claims the message again with the attempt counted", async () => {
      const store = ctx.store();
      const { event } = await ctx.setup(1);
      await store.mail.queue(event.id, { kind: "all" }, "invitation");
      const [mail] = (await store.mail.claim(1000)).filter((candidate) => candidate.eventId === event.id);
      await store.mail.settle(mail!.id, mail!.claimId, { state: "queued", error: "451 later", retryAt: ctx.now() + 60_000 });
      const page = await store.mail.list(event.id);
      expect(page.items[0]).toMatchObject({ state: "queued", attempts: 1, lastError: "451 later", nextAttemptAt: expect.any(String) });
      expect((await store.mail.claim(1000)).some((candidate) => candidate.id === mail!.id)).toBe(false);
      ctx.advance(60_000);
      const [again] = (await store.mail.claim(1000)).filter((candidate) => candidate.eventId === event.id);
      expect(again).toMatchObject({ id: mail!.id, attempts: 2, token: mail!.token });
      expect(again!.claimId).not.toBe(mail!.claimId);
      await store.mail.settle(again!.id, again!.claimId, { state: "sent", messageId: null });
    });

    it("turns a stale claim uncertain, never claims it again, and requeues it on request with a link added", async () => {
      const store = ctx.store();
      const { event, ids } = await ctx.setup(2);
      await store.mail.queue(event.id, { kind: "all" }, "invitation");
      const claimed = (await store.mail.claim(1000)).filter((mail) => mail.eventId === event.id);
      const firstLink = claimed[0]!.token!;
      ctx.advance(10_000);
      expect(await store.mail.expireClaims(Number.MAX_SAFE_INTEGER)).toContain(event.id);
      expect(await store.mail.counts(event.id)).toMatchObject({ sending: 0, uncertain: 2 });
      expect((await store.mail.claim(1000)).filter((mail) => mail.eventId === event.id)).toEqual([]);
      // The late answer of the first attempt still counts.
      expect(await store.mail.settle(claimed[1]!.id, claimed[1]!.claimId, { state: "sent", messageId: null })).toBe(true);

      // Not "not yet sent": uncertain ones wait for a chair's decision.
      expect(await store.mail.queue(event.id, { kind: "unsent" }, "invitation")).toEqual([]);
      expect(await store.mail.requeue(event.id, [claimed[0]!.id, claimed[1]!.id, "unknown"])).toEqual([claimed[0]!.participantId]);
      const [resent] = (await store.mail.claim(1000)).filter((mail) => mail.eventId === event.id);
      expect(resent).toMatchObject({ id: claimed[0]!.id, attempts: 1 });
      expect(resent!.token).not.toBe(firstLink);
      expect((await store.invitations.findParticipant(tokenHash(firstLink)))?.id).toBe(claimed[0]!.participantId);
      expect((await store.invitations.findParticipant(tokenHash(resent!.token!)))?.id).toBe(claimed[0]!.participantId);
      await store.mail.settle(resent!.id, resent!.claimId, { state: "sent", messageId: null });
      expect(ids).toHaveLength(2);
    });

    it("chooses audiences: not yet sent includes failed ones, reminders those who never opened a link", async () => {
      const store = ctx.store();
      const { event, ids } = await ctx.setup(3);
      await store.mail.queue(event.id, { kind: "selected", participantIds: [ids[0]!, ids[1]!] }, "invitation");
      const claimed = (await store.mail.claim(1000)).filter((mail) => mail.eventId === event.id);
      const byParticipant = new Map(claimed.map((mail) => [mail.participantId, mail]));
      const sent = byParticipant.get(ids[0]!)!;
      await store.mail.settle(sent.id, sent.claimId, { state: "sent", messageId: null });
      const failed = byParticipant.get(ids[1]!)!;
      await store.mail.settle(failed.id, failed.claimId, { state: "failed", error: "550" });

      // Reminders before anyone opened a link: the one whose invitation was sent.
      const reminded = await store
        .transaction(async (tx) => {
          const queued = await tx.mail.queue(event.id, { kind: "reminder" }, "reminder");
          throw Object.assign(new Error("roll back"), { queued });
        })
        .catch((error: { queued?: string[] }) => error.queued);
      expect(reminded).toEqual([ids[0]]);
      await store.invitations.recordUse(tokenHash(sent.token!));
      await store.invitations.recordUse(tokenHash(sent.token!));
      expect(await store.mail.queue(event.id, { kind: "reminder" }, "reminder")).toEqual([]);
      expect(await store.mail.queue(event.id, { kind: "unsent" }, "invitation")).toEqual([ids[1], ids[2]]);
      expect((await store.mail.list(event.id)).total).toBe(3);
      expect((await store.mail.list(event.id, { states: ["queued"] })).items.map((row) => row.participantId).sort()).toEqual(
        [ids[1], ids[2]].sort(),
      );
      for (const mail of (await store.mail.claim(1000)).filter((candidate) => candidate.eventId === event.id)) {
        await store.mail.settle(mail.id, mail.claimId, { state: "sent", messageId: null });
      }
    });

    it("refuses a selection naming someone of another event, queueing nothing", async () => {
      const store = ctx.store();
      const { event, ids } = await ctx.setup(1);
      const other = await ctx.setup(1);
      const error = await store.mail
        .queue(event.id, { kind: "selected", participantIds: [ids[0]!, other.ids[0]!] }, "invitation")
        .catch((caught: unknown) => caught);
      expect(isDomainError(error, "not_found")).toBe(true);
      expect(await store.mail.counts(event.id)).toMatchObject({ queued: 0 });
    });

    it("stores a template per event, validated, with the defaults until then", async () => {
      const store = ctx.store();
      const { event } = await ctx.setup(0);
      expect(await store.mail.template(event.id)).toEqual(defaultMailTemplate);
      const noLink = { ...defaultMailTemplate, de: { subject: "Einladung", body: "Hallo {name}" } };
      const refused = await store.mail.saveTemplate(event.id, noLink).catch((caught: unknown) => caught);
      expect(isDomainError(refused, "invalid") && refused.details).toEqual({ field: "de.body" });
      const saved = await store.mail.saveTemplate(event.id, {
        defaultLanguage: "de",
        en: { subject: " Welcome to {event} ", body: "Hi {name}:\r\n{link}\r\n" },
        de: { subject: "Willkommen", body: "{link}" },
      });
      expect(saved.en).toEqual({ subject: "Welcome to {event}", body: "Hi {name}:\n{link}" });
      expect(await store.mail.template(event.id)).toEqual(saved);
      await expect(store.mail.saveTemplate(event.id, { ...saved, en: { subject: "A\nB", body: "{link}" } })).rejects.toThrow(/one line/);
      await expect(store.mail.saveTemplate(event.id, { ...saved, en: { subject: "{nam}", body: "{link}" } })).rejects.toThrow(
        /placeholder/,
      );
      expect(await store.mail.template(event.id)).toEqual(saved);
    });

    if (ctx.concurrentStoresInProcess)
      it("claims each message once across concurrent senders", async () => {
        const store = ctx.store();
        const other = await ctx.open();
        try {
          const { event } = await ctx.setup(40);
          await store.mail.queue(event.id, { kind: "all" }, "invitation");
          const rounds = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? store : other).mail.claim(7)));
          const claimed = rounds.flat().filter((mail) => mail.eventId === event.id);
          const rest = (await store.mail.claim(1000)).filter((mail) => mail.eventId === event.id);
          const all = [...claimed, ...rest].map((mail) => mail.id);
          expect(new Set(all).size).toBe(all.length);
          expect(all).toHaveLength(40);
        } finally {
          await other.close();
        }
      });

    it("queues 20,000 invitations, links issued and sealed, in seconds", async () => {
      const store = ctx.store();
      const { event } = await ctx.setup(20_000);
      const started = Date.now();
      expect(await store.mail.queue(event.id, { kind: "unsent" }, "invitation")).toHaveLength(20_000);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(await store.mail.counts(event.id)).toMatchObject({ queued: 20_000 });
      // Last of the outbox tests: its messages stay queued, so no other test's claim meets them.
      expect(await store.mail.queue(event.id, { kind: "all" }, "invitation")).toEqual([]);
    }, 60_000);
  });
}
