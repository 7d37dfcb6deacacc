import type { FastifyInstance } from "fastify";
import { mailRoutes } from "../../api/routes/mail.ts";
import { requestLinkInput } from "../../api/schemas/mail.ts";
import { listMail, mailStatus, mailTemplate, requestLink, resendMail, saveMailTemplate, sendMail } from "../../commands/mail.ts";
import { normalizeEmail } from "../../domain/participant.ts";
import type { HttpContext } from "../context.ts";
import { eventCommand, eventQuery } from "../handlers.ts";
import { HttpError } from "../http-error.ts";
import { inputOf, mountRoutes } from "../mount.ts";
import { enforceLimit } from "../rate-limit.ts";
import { parseWith } from "../../commands/parse.ts";

/** The address a link request names, as the limiter keys it: unknown-looking ones share one key per event. */
function addressKey(eventId: string, email: string): string {
  try {
    return `${eventId}\0${normalizeEmail(email)}`;
  } catch {
    return `${eventId}\0invalid`;
  }
}

/** Invitations by e-mail (see `commands/mail.ts`), and the public "send me my link again". */
export function serveMail(app: FastifyInstance, ctx: HttpContext): void {
  const linkRequest = requestLink(ctx.mail);
  mountRoutes(app, mailRoutes, {
    mailStatus: eventQuery(ctx, mailStatus(ctx.mail)),
    mailTemplate: eventQuery(ctx, mailTemplate),
    saveMailTemplate: eventCommand(ctx, saveMailTemplate),
    sendMail: eventCommand(ctx, sendMail(ctx.mail), 202),
    listMail: eventQuery(ctx, listMail),
    resendMail: eventCommand(ctx, resendMail(ctx.mail), 202),
    /**
     * Answers 202 before looking anything up, so neither the answer nor its
     * timing tells whether the address belongs to the event; the lookup and
     * the queueing run afterwards, and the outbox sends.
     */
    requestLink: async (request, reply) => {
      if (!ctx.mail.configured) throw new HttpError("mail_not_configured", "this server sends no mail: ask the organisers for your link");
      const { client, address } = ctx.linkRequestLimiters;
      enforceLimit(client, request, reply);
      const input = parseWith(requestLinkInput, inputOf(request));
      const key = addressKey(input.eventId, input.email);
      enforceLimit(address, request, reply, key);
      client.hit(request.ip);
      address.hit(key);
      setImmediate(() => {
        ctx.commands.run(linkRequest, null, input).catch((error: unknown) => request.log.error({ err: error }, "link request failed"));
      });
      return reply.status(202).send();
    },
    linkRequestStatus: async () => ({ configured: ctx.mail.configured }),
  });
}
