/**
 * A sender process for the crash test: the outbox worker on a SQLite file,
 * sending to an SMTP server on 127.0.0.1, until it is killed.
 * Arguments: <sqlite path> <smtp port> <sendTimeoutMs> <staleAfterMs>; the ballot secret (hex) in BALLOT_SECRET.
 */
import { invitationUrlAt } from "../../src/commands/invitations.ts";
import { OutboxWorker } from "../../src/mail/outbox-worker.ts";
import { SmtpTransport } from "../../src/mail/smtp-transport.ts";
import { openStore } from "../../src/store/open-store.ts";

const [sqlitePath, port, sendTimeoutMs, staleAfterMs] = process.argv.slice(2);
const store = await openStore({ sqlitePath: sqlitePath!, ballotSecret: Buffer.from(process.env["BALLOT_SECRET"]!, "hex") });
const worker = new OutboxWorker({
  store,
  transport: new SmtpTransport({ endpoint: { host: "127.0.0.1", port: Number(port), secure: false }, from: "invitations@example.org" }),
  invitationUrl: invitationUrlAt("https://vote.example.org"),
  ratePerMinute: 60_000,
  concurrency: 2,
  pollIntervalMs: 50,
  sendTimeoutMs: Number(sendTimeoutMs),
  staleAfterMs: Number(staleAfterMs),
});
worker.start();
process.stdout.write("sending\n");
// Keeps the process alive: the worker's timers are unref'ed.
setInterval(() => {}, 1000);
