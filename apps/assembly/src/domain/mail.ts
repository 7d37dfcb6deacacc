/**
 * Invitation mail as the outbox holds it: one message per participant and
 * kind, which moves through these states.
 *
 * - `queued`: waiting to be handed to SMTP (again, after a temporary failure, at `nextAttemptAt`).
 * - `sending`: claimed by the sender and being handed to SMTP right now.
 * - `sent`: the SMTP server accepted it.
 * - `failed`: refused for good (a 5xx answer) or out of attempts.
 * - `uncertain`: it was being handed over when the sender stopped (crashed,
 *   timed out): it may or may not have gone out. SMTP cannot tell, so it is
 *   never sent again by itself: a chair decides (resend).
 */
export type MailState = "queued" | "sending" | "sent" | "failed" | "uncertain";

export const mailStates: readonly MailState[] = ["queued", "sending", "sent", "failed", "uncertain"];

/**
 * `invitation`: sent by a chair, with a link that replaces earlier ones;
 * `reminder`: to those who never opened their link; `resend`: a participant
 * asked for their link again. Reminders and resends add a link and keep the
 * earlier ones working, so a stranger asking for someone's link signs nobody out.
 */
export type MailKind = "invitation" | "reminder" | "resend";

export const mailKinds: readonly MailKind[] = ["invitation", "reminder", "resend"];

/** Messages of an event per state. */
export type MailCounts = Readonly<Record<MailState, number>>;

export const noMail: MailCounts = { queued: 0, sending: 0, sent: 0, failed: 0, uncertain: 0 };

/**
 * Whom a chair sends to. Participants with a message still queued or being
 * sent are always left out, so pressing "send" twice sends once.
 * - `all`: everyone.
 * - `unsent`: everyone without an invitation that was sent, is under way or is uncertain (failed ones included).
 * - `selected`: these participants of the event.
 * - `reminder`: those whose invitation was sent and who never opened any of their links.
 */
export type MailAudience =
  | { readonly kind: "all" }
  | { readonly kind: "unsent" }
  | { readonly kind: "selected"; readonly participantIds: readonly string[] }
  | { readonly kind: "reminder" };

/** Which kind of message an audience gets. */
export const mailKindFor = (audience: MailAudience): MailKind => (audience.kind === "reminder" ? "reminder" : "invitation");

export interface RetryPolicy {
  /** Delay after the first temporary failure; doubled after each further one. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Attempts in all; a temporary failure of the last one fails the message. */
  readonly maxAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 8 };

/**
 * When to try again after `attempts` attempts failed temporarily, or null
 * when they are used up. Exponential, capped, with ±20 % jitter so a
 * provider's short outage does not bring every message back at one instant.
 */
export function retryDelay(policy: RetryPolicy, attempts: number, random: () => number = Math.random): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
