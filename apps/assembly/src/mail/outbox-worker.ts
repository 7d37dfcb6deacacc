import type { LeaseStore } from "@plenum/realtime";
import { KeyedThrottle } from "@plenum/realtime/live/throttle";
import { pino, type Logger } from "pino";
import type { EffectSink } from "../commands/effect.ts";
import { defaultRetryPolicy, retryDelay, type RetryPolicy } from "../domain/mail.ts";
import { type MailTemplate, renderMail } from "../domain/mail-template.ts";
import type { ClaimedMail, MailSettlement, Store } from "../store/store.ts";
import { MailRejected, type MailTransport, type OutgoingMail, type SentMail } from "./mail-transport.ts";
import { SendPacer } from "./send-pacer.ts";

export interface OutboxWorkerOptions {
  readonly store: Store;
  readonly transport: MailTransport;
  /** The link a token opens (the app's public address). */
  readonly invitationUrl: (token: string) => string;
  /** Messages handed to SMTP per minute at most, across retries. */
  readonly ratePerMinute: number;
  /** Messages being handed over at once; default 4. Also the most a crash can leave uncertain. */
  readonly concurrency?: number;
  /** How often to look for due messages when idle; default 1 s. */
  readonly pollIntervalMs?: number;
  /** An attempt without an answer after this long is uncertain; default 2 min. */
  readonly sendTimeoutMs?: number;
  /**
   * A message `sending` for longer than this was left by a sender that died
   * (or hangs): it is marked uncertain. Must exceed `sendTimeoutMs`, so a
   * live sender's attempt is never taken for a dead one's; default 5 min.
   */
  readonly staleAfterMs?: number;
  readonly retry?: RetryPolicy;
  /** In a cluster: only the holder of this lease sends, so the rate holds for the whole cluster. */
  readonly lease?: { readonly store: LeaseStore; readonly owner: string; readonly ttlMs?: number };
  /** Where progress goes: a `mail` effect per event, at most one a second. */
  readonly progress?: EffectSink;
  readonly logger?: Logger;
  readonly clock?: () => number;
}

const LEASE_KEY = "mail:sender";
const TEMPLATE_TTL_MS = 5000;

const NO_ANSWER = Symbol("no answer");

/**
 * Sends the outbox. Exactly-once delivery cannot be had over SMTP (a server
 * may accept a message and the answer be lost), so this chooses at most
 * once: a message is marked `sending` in its own committed transaction
 * before it is handed over, and one found still `sending` later (its sender
 * died or never heard back) becomes `uncertain`, for a chair to resend or
 * not, and is never sent again by itself. Temporary failures (4xx answers,
 * connection problems) are retried with exponential backoff; 5xx answers
 * fail the message for good.
 *
 * Guarantees: at most `concurrency` messages are being handed over at once,
 * and at most `ratePerMinute` are handed over per minute; `close` waits for
 * the attempts under way (each bounded by `sendTimeoutMs`), releases the
 * lease and closes the transport; it is idempotent. Timers are unref'ed.
 */
export class OutboxWorker {
  readonly #options: OutboxWorkerOptions;
  readonly #store: Store;
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #sendTimeoutMs: number;
  readonly #staleAfterMs: number;
  readonly #retry: RetryPolicy;
  readonly #now: () => number;
  readonly #log: Logger;
  readonly #pacer: SendPacer;
  readonly #notify: KeyedThrottle;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #templates = new Map<string, { template: MailTemplate; at: number }>();
  #lease: { token: number; renewedAt: number } | undefined;
  #lastExpiry = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  #dueAt = Number.POSITIVE_INFINITY;
  #ticking = false;
  #tickAgain = false;
  #started = false;
  #closing: Promise<void> | undefined;

  constructor(options: OutboxWorkerOptions) {
    this.#options = options;
    this.#store = options.store;
    this.#concurrency = options.concurrency ?? 4;
    this.#pollMs = options.pollIntervalMs ?? 1000;
    this.#sendTimeoutMs = options.sendTimeoutMs ?? 120_000;
    this.#staleAfterMs = options.staleAfterMs ?? 300_000;
    if (!(this.#staleAfterMs > this.#sendTimeoutMs)) throw new RangeError("staleAfterMs must exceed sendTimeoutMs");
    if (!(this.#concurrency >= 1)) throw new RangeError("concurrency must be at least 1");
    this.#retry = options.retry ?? defaultRetryPolicy;
    this.#now = options.clock ?? Date.now;
    this.#log = options.logger ?? pino({ level: "silent" });
    this.#pacer = new SendPacer(options.ratePerMinute, this.#now());
    const progress = options.progress;
    this.#notify = new KeyedThrottle(1000, (eventId) => {
      progress?.apply([{ kind: "mail", eventId }]).catch((error: unknown) => this.#log.warn({ err: error }, "mail progress not delivered"));
    });
  }

  start(): void {
    if (this.#started || this.#closing) return;
    this.#started = true;
    this.#wake(0);
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
      this.#notify.close();
      const lease = this.#lease;
      this.#lease = undefined;
      if (lease && this.#options.lease) {
        await this.#options.lease.store.release(LEASE_KEY, this.#options.lease.owner, lease.token).catch(() => false);
      }
      this.#options.transport.close();
    })();
    return this.#closing;
  }

  #wake(delayMs: number): void {
    if (this.#closing) return;
    const at = this.#now() + delayMs;
    if (this.#timer !== undefined && this.#dueAt <= at) return;
    clearTimeout(this.#timer);
    this.#dueAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#dueAt = Number.POSITIVE_INFINITY;
      void this.#tick();
    }, delayMs);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (this.#closing) return;
    if (this.#ticking) {
      this.#tickAgain = true;
      return;
    }
    this.#ticking = true;
    let next = this.#pollMs;
    try {
      next = await this.#round();
    } catch (error) {
      this.#log.error({ err: error }, "mail outbox round failed; trying again");
    } finally {
      this.#ticking = false;
    }
    if (this.#tickAgain) {
      this.#tickAgain = false;
      next = 0;
    }
    this.#wake(next);
  }

  /** One look at the outbox; returns when to look again. */
  async #round(): Promise<number> {
    if (!(await this.#holdsLease())) return this.#pollMs;
    const now = this.#now();
    if (now - this.#lastExpiry >= this.#pollMs) {
      this.#lastExpiry = now;
      const events = await this.#store.mail.expireClaims(now - this.#staleAfterMs);
      if (events.length > 0)
        this.#log.warn({ events }, "mail left 'sending' by a stopped sender is now 'uncertain': a chair decides whether to resend");
      for (const eventId of events) this.#notify.touch(eventId);
    }
    const free = this.#concurrency - this.#inFlight.size;
    if (free <= 0) return this.#pollMs;
    const allowed = this.#pacer.available(now);
    if (allowed < 1) return this.#pacer.waitMs(now);
    const wanted = Math.min(free, allowed);
    const claimed = await this.#store.mail.claim(wanted);
    this.#pacer.take(claimed.length, this.#now());
    for (const mail of claimed) this.#track(this.#deliver(mail));
    return claimed.length < wanted ? this.#pollMs : 0;
  }

  #track(delivery: Promise<void>): void {
    this.#inFlight.add(delivery);
    void delivery.finally(() => {
      this.#inFlight.delete(delivery);
      this.#wake(0);
    });
  }

  async #holdsLease(): Promise<boolean> {
    const lease = this.#options.lease;
    if (!lease) return true;
    const ttlMs = lease.ttlMs ?? 15_000;
    const now = this.#now();
    try {
      if (this.#lease && now - this.#lease.renewedAt < ttlMs / 3) return true;
      if (this.#lease && (await lease.store.renew(LEASE_KEY, lease.owner, this.#lease.token, ttlMs))) {
        this.#lease.renewedAt = now;
        return true;
      }
      this.#lease = undefined;
      const acquired = await lease.store.acquire(LEASE_KEY, lease.owner, ttlMs);
      if (acquired) this.#lease = { token: acquired.token, renewedAt: now };
      return acquired !== null;
    } catch (error) {
      this.#lease = undefined;
      this.#log.warn({ err: error }, "mail sender lease unavailable; not sending");
      return false;
    }
  }

  async #template(eventId: string): Promise<MailTemplate> {
    const cached = this.#templates.get(eventId);
    if (cached && this.#now() - cached.at < TEMPLATE_TTL_MS) return cached.template;
    const template = await this.#store.mail.template(eventId);
    this.#templates.set(eventId, { template, at: this.#now() });
    return template;
  }

  async #deliver(mail: ClaimedMail): Promise<void> {
    const settlement = await this.#attempt(mail);
    try {
      await this.#store.mail.settle(mail.id, mail.claimId, settlement);
    } catch (error) {
      // Left `sending`: it turns uncertain later, which is what it is now.
      this.#log.error({ err: error, mailId: mail.id }, "could not record how a mail attempt ended");
    }
    if (settlement.state === "failed" || settlement.state === "uncertain") {
      this.#log.warn(
        { mailId: mail.id, eventId: mail.eventId, state: settlement.state, error: settlement.error },
        "invitation mail not delivered",
      );
    }
    this.#notify.touch(mail.eventId);
  }

  async #attempt(mail: ClaimedMail): Promise<MailSettlement> {
    if (mail.token === null) {
      return { state: "failed", error: "its link cannot be unsealed: the ballot secret changed since it was queued; send it again" };
    }
    let outgoing: OutgoingMail;
    try {
      const template = await this.#template(mail.eventId);
      const text = renderMail(
        template,
        mail.language ?? template.defaultLanguage,
        { name: mail.name, event: mail.eventName, link: this.#options.invitationUrl(mail.token) },
        mail.kind === "reminder",
      );
      outgoing = { to: mail.email, subject: text.subject, text: text.body };
    } catch (error) {
      // Not handed over yet: safe to try again.
      return this.#temporary(mail, `could not prepare the message: ${(error as Error).message}`);
    }
    const sending = this.#options.transport.send(outgoing);
    try {
      const answer = await this.#answerOf(sending);
      if (answer !== NO_ANSWER) return { state: "sent", messageId: answer.messageId };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof MailRejected && error.permanent) return { state: "failed", error: message };
      return this.#temporary(mail, message);
    }
    // Should the answer still come, it settles the message after all.
    sending
      .then((sent) => this.#store.mail.settle(mail.id, mail.claimId, { state: "sent", messageId: sent.messageId }))
      .then(() => this.#notify.touch(mail.eventId))
      .catch(() => undefined);
    const seconds = Math.round(this.#sendTimeoutMs / 1000);
    return { state: "uncertain", error: `no answer from the SMTP server within ${seconds} s: it may have been delivered` };
  }

  #temporary(mail: ClaimedMail, error: string): MailSettlement {
    const delay = retryDelay(this.#retry, mail.attempts);
    if (delay === null) return { state: "failed", error: `gave up after ${mail.attempts} attempts: ${error}` };
    return { state: "queued", error, retryAt: this.#now() + delay };
  }

  /** The server's answer, or `NO_ANSWER` once `sendTimeoutMs` passed without one. */
  async #answerOf(sending: Promise<SentMail>): Promise<SentMail | typeof NO_ANSWER> {
    let timer: NodeJS.Timeout | undefined;
    const silence = new Promise<typeof NO_ANSWER>((resolve) => {
      timer = setTimeout(() => resolve(NO_ANSWER), this.#sendTimeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([sending, silence]);
    } finally {
      clearTimeout(timer);
    }
  }
}
