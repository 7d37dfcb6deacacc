import nodemailer, { type Transporter } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import { MailRejected, type MailTransport, type OutgoingMail, type SentMail } from "./mail-transport.ts";
import type { SmtpEndpoint } from "./smtp-url.ts";

export interface SmtpTransportOptions {
  readonly endpoint: SmtpEndpoint;
  /** The From: address, e.g. `Convention <invitations@example.org>`. */
  readonly from: string;
  readonly replyTo?: string;
  /** Connections kept open to the server; default 4. */
  readonly maxConnections?: number;
  /** How long a connection, the greeting and any one reply may take; default 30 s. */
  readonly timeoutMs?: number;
}

interface SmtpError {
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly message?: string;
}

/**
 * SMTP through nodemailer's connection pool. Only an SMTP 5xx answer to the
 * message is permanent; a refused login (5xx too) is not, since it refuses
 * the server's configuration rather than the message, and the operator can
 * fix it while the messages wait.
 */
export class SmtpTransport implements MailTransport {
  readonly #transporter: Transporter<SMTPPool.SentMessageInfo>;
  readonly #password: string | undefined;
  #closed = false;

  constructor(options: SmtpTransportOptions) {
    const { endpoint } = options;
    const timeout = options.timeoutMs ?? 30_000;
    this.#password = endpoint.password;
    this.#transporter = nodemailer.createTransport(
      {
        pool: true,
        maxConnections: options.maxConnections ?? 4,
        host: endpoint.host,
        port: endpoint.port,
        secure: endpoint.secure,
        ...(endpoint.user !== undefined ? { auth: { user: endpoint.user, pass: endpoint.password ?? "" } } : {}),
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
        logger: false,
        debug: false,
      },
      { from: options.from, ...(options.replyTo ? { replyTo: options.replyTo } : {}) },
    );
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    if (this.#closed) throw new MailRejected("the SMTP transport is closed", false);
    try {
      const info = await this.#transporter.sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
      return { messageId: typeof info.messageId === "string" ? info.messageId : null };
    } catch (error) {
      throw this.#rejection(error as SmtpError);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#transporter.close();
  }

  #rejection(error: SmtpError): MailRejected {
    const code = error.responseCode;
    const text =
      code !== undefined && error.response ? error.response : `${error.code ? `${error.code}: ` : ""}${error.message ?? "unknown error"}`;
    const permanent = code !== undefined && code >= 500 && code < 600 && error.code !== "EAUTH";
    return new MailRejected(this.#redact(text), permanent);
  }

  /** Servers sometimes echo what they were sent; a password must not reach the outbox or a log that way. */
  #redact(text: string): string {
    return this.#password ? text.split(this.#password).join("***") : text;
  }
}
