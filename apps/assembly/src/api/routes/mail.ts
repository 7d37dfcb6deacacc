import type { Language } from "../../domain/language.ts";
import type { MailCounts, MailKind, MailState } from "../../domain/mail.ts";
import type { MailTemplate } from "../../domain/mail-template.ts";
import { type None, route } from "../route.ts";
import type { ListMailInput, MailTemplateInput, RequestLinkInput, ResendMailInput, SendMailInput } from "../schemas/mail.ts";

type EventParams = { eventId: string };

/** Whether this server sends mail, and the event's messages per state. */
export interface MailStatus {
  /** False without SMTP_URL: nothing can be sent, the CSV export is the way. */
  readonly configured: boolean;
  readonly counts: MailCounts;
}

/** Whether members can have their link sent again by mail: public, like the join page. */
export interface LinkRequestStatus {
  /** False without SMTP_URL: only the organisers can give a member a new link. */
  readonly configured: boolean;
}

/** One message of the outbox as the chairs see it. */
export interface MailRow {
  readonly id: string;
  readonly participantId: string;
  readonly name: string;
  readonly email: string;
  readonly language: Language | null;
  readonly kind: MailKind;
  readonly state: MailState;
  readonly attempts: number;
  /** The SMTP server's last refusal or the connection error. */
  readonly lastError: string | null;
  readonly queuedAt: string;
  readonly sentAt: string | null;
  /** A queued message waiting after a temporary failure: when it is tried again. */
  readonly nextAttemptAt: string | null;
}

export interface MailPage {
  readonly items: readonly MailRow[];
  readonly total: number;
}

/**
 * Invitations by e-mail, for the event's admins: the template, sending to an
 * audience, progress and the messages that need a decision. Sending goes
 * through a durable outbox; the answers say what was queued, not what was
 * delivered (the live admin view carries the counts as they change).
 */
export const mailRoutes = {
  mailStatus: route<EventParams, None, None, MailStatus>("GET", "/api/events/:eventId/mail"),
  mailTemplate: route<EventParams, None, None, { template: MailTemplate }>("GET", "/api/events/:eventId/mail/template"),
  saveMailTemplate: route<EventParams, None, MailTemplateInput, { template: MailTemplate }>("PUT", "/api/events/:eventId/mail/template"),
  sendMail: route<EventParams, None, SendMailInput, { queued: number }>("POST", "/api/events/:eventId/mail/send"),
  listMail: route<EventParams, ListMailInput, None, MailPage>("GET", "/api/events/:eventId/mail/messages"),
  resendMail: route<EventParams, None, ResendMailInput, { queued: number }>("POST", "/api/events/:eventId/mail/resend"),
  /** Public: answers 202 whether or not the address is known, and the mail goes out through the outbox. */
  requestLink: route<None, None, RequestLinkInput, undefined>("POST", "/api/participant/resend"),
  /** Public: whether `requestLink` can send anything (a phone whose link was revoked offers it then). */
  linkRequestStatus: route<None, None, None, LinkRequestStatus>("GET", "/api/participant/resend"),
};
