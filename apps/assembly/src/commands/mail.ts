import type { MailPage, MailStatus } from "../api/routes/mail.ts";
import {
  listMailInput,
  mailTemplateInput,
  type MailTemplateInput,
  requestLinkInput,
  type RequestLinkInput,
  resendMailInput,
  type ResendMailInput,
  sendMailInput,
  type SendMailInput,
} from "../api/schemas/mail.ts";
import type { z } from "zod";
import { noInput } from "../api/schemas/common.ts";
import { DomainError } from "../domain/errors.ts";
import { type MailAudience, mailKindFor } from "../domain/mail.ts";
import type { MailTemplate } from "../domain/mail-template.ts";
import { adminIn, audited, auditedUpdate } from "./audit.ts";
import type { Command, EventCommand, EventQuery } from "./command.ts";
import { type Effect, type Outcome, unwatched } from "./effect.ts";

/*
 * Invitations by e-mail. Commands only queue: the outbox worker (mail/) hands
 * the messages to SMTP at the configured rate and reports progress as `mail`
 * effects. Every message carries a new link, made when it is queued (tokens
 * are stored hashed, so the link exists in clear only then) and kept sealed
 * in the outbox until it is sent.
 */

/** Whether this server sends mail (SMTP_URL is set); the commands that queue refuse otherwise. */
export interface MailSetup {
  readonly configured: boolean;
}

function requireConfigured(setup: MailSetup): void {
  if (!setup.configured) throw new DomainError("mail_not_configured", "this server has no SMTP_URL: it sends no mail");
}

/** Up to this many participants lose their links one by one; beyond, every participant socket of the event closes at once. */
const SIGN_OUT_ONE_BY_ONE = 500;

/** Invitations replace the links of their participants: the sessions made from the old ones end now. */
function linksReplaced(eventId: string, participantIds: readonly string[]): Effect[] {
  if (participantIds.length === 0) return [];
  if (participantIds.length > SIGN_OUT_ONE_BY_ONE) return [{ kind: "linksReplaced", eventId }];
  return participantIds.map((participantId) => ({ kind: "signedOut", actor: { kind: "participant", participantId, eventId } }));
}

export const mailStatus = (setup: MailSetup): EventQuery<Record<string, never>, MailStatus> => ({
  name: "mailStatus",
  permission: "participants.view",
  input: noInput,
  run: async ({ store }, access) => ({ configured: setup.configured, counts: await store.mail.counts(access.event.id) }),
});

export const mailTemplate: EventQuery<Record<string, never>, { template: MailTemplate }> = {
  name: "mailTemplate",
  permission: "participants.view",
  input: noInput,
  run: async ({ store }, access) => ({ template: await store.mail.template(access.event.id) }),
};

export const saveMailTemplate: EventCommand<MailTemplateInput, { template: MailTemplate }> = {
  name: "saveMailTemplate",
  permission: "invitations.manage",
  input: mailTemplateInput,
  async run({ store }, access, input) {
    const eventId = access.event.id;
    const template = await auditedUpdate(
      store,
      adminIn(access),
      "mail.template",
      eventId,
      (tx) => tx.mail.template(eventId),
      (tx) => tx.mail.saveTemplate(eventId, input),
    );
    return { result: { template }, effects: unwatched("the template shows only in the editor that saved it") };
  },
};

const audienceOf = (input: SendMailInput): MailAudience =>
  input.audience === "selected" ? { kind: "selected", participantIds: input.participantIds } : { kind: input.audience };

export const sendMail = (setup: MailSetup): EventCommand<SendMailInput, { queued: number }> => ({
  name: "sendMail",
  permission: "invitations.manage",
  input: sendMailInput,
  async run({ store }, access, input): Promise<Outcome<{ queued: number }>> {
    requireConfigured(setup);
    const eventId = access.event.id;
    const audience = audienceOf(input);
    const kind = mailKindFor(audience);
    const participantIds = await audited(store, adminIn(access), kind === "reminder" ? "mail.remind" : "mail.send", async (tx) => {
      const queued = await tx.mail.queue(eventId, audience, kind);
      const asked = audience.kind === "selected" ? { selected: new Set(audience.participantIds).size } : {};
      return { result: queued, audit: { after: { audience: audience.kind, ...asked, queued: queued.length } } };
    });
    return {
      result: { queued: participantIds.length },
      effects: [{ kind: "mail", eventId }, ...(kind === "invitation" ? linksReplaced(eventId, participantIds) : [])],
    };
  },
});

export const listMail: EventQuery<z.output<typeof listMailInput>, MailPage> = {
  name: "listMail",
  permission: "participants.view",
  input: listMailInput,
  run: ({ store }, access, { state, offset, limit }) =>
    store.mail.list(access.event.id, { ...(state ? { states: state } : {}), offset, limit }),
};

export const resendMail = (setup: MailSetup): EventCommand<ResendMailInput, { queued: number }> => ({
  name: "resendMail",
  permission: "invitations.manage",
  input: resendMailInput,
  async run({ store }, access, { mailIds }) {
    requireConfigured(setup);
    const eventId = access.event.id;
    const queued = await audited(store, adminIn(access), "mail.resend", async (tx) => {
      const participantIds = await tx.mail.requeue(eventId, mailIds);
      return { result: participantIds.length, audit: { after: { asked: mailIds.length, queued: participantIds.length } } };
    });
    // Earlier links keep working (the uncertain mail may have arrived and been used): nobody is signed out.
    return { result: { queued }, effects: [{ kind: "mail", eventId }] };
  },
});

/** Anyone on the internet: the public request for one's link names no caller. */
export type Anyone = null;

/**
 * A participant asks for their link again. Whether the address is known is
 * never told (the edge answers before this runs); a known one gets a new
 * link by mail, in addition to their earlier ones, so a stranger typing
 * someone's address signs nobody out. Resolves quietly either way.
 */
export const requestLink = (setup: MailSetup): Command<Anyone, RequestLinkInput, undefined> => ({
  name: "requestLink",
  input: requestLinkInput,
  async run({ store }, _anyone, { eventId, email }) {
    requireConfigured(setup);
    const participant = await store.events.get(eventId).then(
      () => store.participants.findByEmail(eventId, email),
      () => undefined,
    );
    if (participant === undefined) return { result: undefined, effects: unwatched("nothing was queued") };
    const queued = await audited(store, { eventId, actor: `participant:${participant.id}` }, "mail.link_requested", async (tx) => {
      const ids = await tx.mail.queue(eventId, { kind: "selected", participantIds: [participant.id] }, "resend");
      return { result: ids.length, audit: { subject: participant.id, after: { queued: ids.length } } };
    });
    return { result: undefined, effects: queued > 0 ? [{ kind: "mail", eventId }] : unwatched("a message for them is already under way") };
  },
});
