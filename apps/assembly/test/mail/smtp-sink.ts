import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";

/** A message as the sink received it, its text decoded. */
export interface ReceivedMail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly headers: ReadonlyMap<string, string>;
}

/** What the sink answers one recipient (by the attempt number for that address, from 1): undefined accepts. */
export type Verdict = (recipient: string, attempt: number) => { readonly code: number; readonly message: string } | undefined;

export interface SmtpSinkOptions {
  readonly verdict?: Verdict;
  /** Awaited after a message was received and recorded, before the 250 answer: a handover whose answer is late or lost. */
  readonly beforeAnswer?: (mail: ReceivedMail) => Promise<void>;
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/gi, (_whole, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / ?B?), as nodemailer writes non-ASCII subjects. */
function decodeWords(text: string): string {
  return text.replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*/gi, (_whole, encoding: string, data: string) =>
    encoding.toLowerCase() === "b" ? Buffer.from(data, "base64").toString("utf8") : decodeQuotedPrintable(data.replace(/_/g, " ")),
  );
}

/** Parses the single-part plain text messages the outbox sends. */
export function parseMail(raw: string, to: readonly string[]): ReceivedMail {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const headers = new Map<string, string>();
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const body = raw.slice(split + 4);
  const encoding = headers.get("content-transfer-encoding")?.toLowerCase();
  const text =
    encoding === "quoted-printable"
      ? decodeQuotedPrintable(body)
      : encoding === "base64"
        ? Buffer.from(body, "base64").toString("utf8")
        : Buffer.from(body, "latin1").toString("utf8");
  return { to, subject: decodeWords(headers.get("subject") ?? ""), text: text.replace(/\r\n/g, "\n"), headers };
}

/** A real SMTP server on 127.0.0.1 (port 0) that keeps what it receives. */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  readonly #server: SMTPServer;
  readonly #attempts = new Map<string, number>();
  #port = 0;

  private constructor(options: SmtpSinkOptions) {
    this.#server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const recipient = address.address.toLowerCase();
        const attempt = (this.#attempts.get(recipient) ?? 0) + 1;
        this.#attempts.set(recipient, attempt);
        const verdict = options.verdict?.(recipient, attempt);
        if (verdict === undefined) return callback();
        callback(Object.assign(new Error(verdict.message), { responseCode: verdict.code }));
      },
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const mail = parseMail(
            Buffer.concat(chunks).toString("latin1"),
            session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
          );
          this.messages.push(mail);
          void (options.beforeAnswer?.(mail) ?? Promise.resolve()).then(() => callback());
        });
      },
    });
  }

  static async start(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
    const sink = new SmtpSink(options);
    await new Promise<void>((resolve, reject) => {
      sink.#server.once("error", reject);
      sink.#server.listen(0, "127.0.0.1", () => resolve());
    });
    sink.#port = (sink.#server.server.address() as AddressInfo).port;
    return sink;
  }

  get port(): number {
    return this.#port;
  }

  /** Messages received for `recipient`. */
  to(recipient: string): ReceivedMail[] {
    return this.messages.filter((mail) => mail.to.includes(recipient));
  }

  /** RCPT TO attempts for `recipient`, accepted or not. */
  attempts(recipient: string): number {
    return this.#attempts.get(recipient) ?? 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
