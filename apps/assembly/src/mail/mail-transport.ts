/** One message as the outbox hands it over: plain text, one recipient. */
export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** The mail server's receipt. */
export interface SentMail {
  /** The Message-ID the message went out with, when known. */
  readonly messageId: string | null;
}

/** The server refused the message, or could not be reached or understood. */
export class MailRejected extends Error {
  override readonly name = "MailRejected";
  /**
   * True for a final refusal (an SMTP 5xx answer to this message): trying
   * again cannot help. False for anything that may pass later (a 4xx answer,
   * a lost connection, a timeout, a refused login the operator can fix).
   */
  readonly permanent: boolean;

  constructor(message: string, permanent: boolean) {
    super(message);
    this.permanent = permanent;
  }
}

/**
 * Hands messages to a mail server. Guarantees: `send` resolves only once the
 * server accepted the message, and rejects with `MailRejected` otherwise,
 * whose message carries the server's answer but never a credential; an
 * answer that never comes is the caller's to time out (the message may have
 * been accepted). `close` ends every connection; it is idempotent.
 */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): void;
}
