import { MemoryLeaseStore } from "@plenum/realtime";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Effect } from "../../src/commands/effect.ts";
import { invitationUrlAt } from "../../src/commands/invitations.ts";
import { OutboxWorker, type OutboxWorkerOptions } from "../../src/mail/outbox-worker.ts";
import { SmtpTransport } from "../../src/mail/smtp-transport.ts";
import { Harness } from "../http/harness.ts";
import { SmtpSink, type SmtpSinkOptions } from "./smtp-sink.ts";

let h: Harness;
beforeAll(async () => {
  h = await Harness.start({ mailConfigured: true });
});
afterAll(async () => {
  await h.close();
});

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const invitationUrl = invitationUrlAt("https://vote.example.org");

/** A real SMTP server and a worker sending to it; both stop after the test. */
async function sending(sinkOptions: SmtpSinkOptions = {}, workerOptions: Partial<OutboxWorkerOptions> = {}) {
  const sink = await SmtpSink.start(sinkOptions);
  closers.push(() => sink.close());
  const progress: Effect[] = [];
  const worker = new OutboxWorker({
    store: h.store,
    transport: new SmtpTransport({
      endpoint: { host: "127.0.0.1", port: sink.port, secure: false },
      from: "Convention <invitations@example.org>",
      replyTo: "office@example.org",
      timeoutMs: 5000,
    }),
    invitationUrl,
    ratePerMinute: 60_000,
    pollIntervalMs: 50,
    retry: { baseDelayMs: 100, maxDelayMs: 400, maxAttempts: 3 },
    progress: { apply: async (effects) => void progress.push(...effects) },
    ...workerOptions,
  });
  closers.push(() => worker.close());
  worker.start();
  return { sink, worker, progress };
}

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** An event with participants by name (optional language), through the store. */
async function eventWith(people: readonly { name: string; language?: "en" | "de" }[]) {
  const event = await h.store.events.create({ name: `Convention ${Math.random().toString(36).slice(2, 8)}` });
  const ids = await h.store.participants.addMany(
    event.id,
    people.map(({ name, language }) => ({ name, email: `${name.toLowerCase()}@${event.id}.example.org`, language: language ?? null })),
  );
  return { event, ids, email: (name: string) => `${name.toLowerCase()}@${event.id}.example.org` };
}

const linkIn = (text: string): string => {
  const match = /https:\/\/vote\.example\.org\/join#([A-Za-z0-9_-]{43})/.exec(text);
  if (!match) throw new Error(`no invitation link in ${JSON.stringify(text)}`);
  return match[1]!;
};

const exchange = (token: string) => h.call("POST", "/api/participant/session", { body: { token } });

const settled = async (eventId: string) => {
  const counts = await h.store.mail.counts(eventId);
  return counts.queued + counts.sending === 0 ? counts : undefined;
};

describe("the outbox worker over real SMTP", () => {
  it("sends each participant one mail in their language, with a link that signs them in", async () => {
    const { event, ids, email } = await eventWith([{ name: "Ada" }, { name: "Bernd", language: "de" }, { name: "Cleo", language: "en" }]);
    const { sink, progress } = await sending();
    expect(await h.store.mail.queue(event.id, { kind: "all" }, "invitation")).toHaveLength(3);
    expect(await eventually(() => settled(event.id), "all sent")).toMatchObject({ sent: 3, failed: 0, uncertain: 0 });

    expect(sink.messages).toHaveLength(3);
    expect(sink.messages.map((mail) => mail.to).sort()).toEqual([[email("Ada")], [email("Bernd")], [email("Cleo")]]);
    const [ada] = sink.to(email("Ada"));
    const [bernd] = sink.to(email("Bernd"));
    expect(ada!.subject).toBe(`Your invitation: ${event.name}`);
    expect(ada!.text).toContain("Hello Ada,");
    expect(ada!.headers.get("from")).toContain("invitations@example.org");
    expect(ada!.headers.get("reply-to")).toContain("office@example.org");
    expect(bernd!.subject).toBe(`Ihre Einladung: ${event.name}`);
    expect(bernd!.text).toContain("Hallo Bernd,");
    expect(bernd!.text).toContain("Ihr persönlicher Link");
    for (const [index, mail] of [ada, bernd, ...sink.to(email("Cleo"))].entries()) {
      const reply = await exchange(linkIn(mail!.text));
      expect(reply.status, reply.text).toBe(200);
      expect(reply.json.participant.id).toBe(ids[index]);
    }
    const page = await h.store.mail.list(event.id);
    expect(page.items.every((row) => row.state === "sent" && row.attempts === 1 && row.sentAt !== null)).toBe(true);
    expect(progress.every((effect) => effect.kind === "mail" && effect.eventId === event.id)).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
  });

  it("follows the event's template and default language", async () => {
    const { event, email } = await eventWith([{ name: "Dora" }, { name: "Emil", language: "en" }]);
    await h.store.mail.saveTemplate(event.id, {
      defaultLanguage: "de",
      en: { subject: "Join {event} now", body: "Dear {name}, open {link} please." },
      de: { subject: "Jetzt zu {event}", body: "Liebe(r) {name}, bitte {link} öffnen." },
    });
    const { sink } = await sending();
    await h.store.mail.queue(event.id, { kind: "all" }, "invitation");
    await eventually(() => settled(event.id), "all sent");
    expect(sink.to(email("Dora"))[0]).toMatchObject({ subject: `Jetzt zu ${event.name}` });
    expect(sink.to(email("Dora"))[0]!.text.trim()).toMatch(/^Liebe\(r\) Dora, bitte https:\/\/vote\.example\.org\/join#\S+ öffnen\.$/);
    expect(sink.to(email("Emil"))[0]).toMatchObject({ subject: `Join ${event.name} now` });
  });

  it("retries a temporary refusal (451) and delivers once", async () => {
    const { event, email } = await eventWith([{ name: "Fritz" }, { name: "Gina" }]);
    const { sink } = await sending({
      verdict: (recipient, attempt) =>
        recipient === email("Fritz") && attempt === 1 ? { code: 451, message: "try again later" } : undefined,
    });
    await h.store.mail.queue(event.id, { kind: "all" }, "invitation");
    expect(await eventually(() => settled(event.id), "all sent")).toMatchObject({ sent: 2, failed: 0 });
    expect(sink.attempts(email("Fritz"))).toBe(2);
    expect(sink.to(email("Fritz"))).toHaveLength(1);
    expect(sink.to(email("Gina"))).toHaveLength(1);
    const fritz = (await h.store.mail.list(event.id)).items.find((row) => row.email === email("Fritz"));
    expect(fritz).toMatchObject({ state: "sent", attempts: 2 });
  });

  it("fails a permanent refusal (550) at once and records the server's answer", async () => {
    const { event, email } = await eventWith([{ name: "Hans" }, { name: "Ines" }]);
    const { sink } = await sending({
      verdict: (recipient) => (recipient === email("Hans") ? { code: 550, message: "no such mailbox" } : undefined),
    });
    await h.store.mail.queue(event.id, { kind: "all" }, "invitation");
    expect(await eventually(() => settled(event.id), "all settled")).toMatchObject({ sent: 1, failed: 1 });
    expect(sink.attempts(email("Hans"))).toBe(1);
    expect(sink.to(email("Hans"))).toHaveLength(0);
    const [failed] = (await h.store.mail.list(event.id, { states: ["failed"] })).items;
    expect(failed).toMatchObject({ email: email("Hans"), attempts: 1 });
    expect(failed!.lastError).toMatch(/550/);
    expect(failed!.lastError).toMatch(/no such mailbox/);
  });

  it("gives up after the last temporary failure", async () => {
    const { event } = await eventWith([{ name: "Jana" }]);
    const { sink } = await sending({ verdict: () => ({ code: 421, message: "busy" }) });
    await h.store.mail.queue(event.id, { kind: "all" }, "invitation");
    expect(await eventually(() => settled(event.id), "given up")).toMatchObject({ failed: 1 });
    expect(sink.messages).toHaveLength(0);
    expect((await h.store.mail.list(event.id)).items[0]).toMatchObject({
      attempts: 3,
      lastError: expect.stringMatching(/gave up after 3 attempts/),
    });
  });

  it("reminds only those who never opened their link, keeping their first link working", async () => {
    const { event, email } = await eventWith([{ name: "Kai" }, { name: "Lea", language: "de" }]);
    const { sink } = await sending();
    await h.store.mail.queue(event.id, { kind: "all" }, "invitation");
    await eventually(() => settled(event.id), "invitations sent");
    expect((await exchange(linkIn(sink.to(email("Kai"))[0]!.text))).status).toBe(200);
    expect(await h.store.mail.queue(event.id, { kind: "reminder" }, "reminder")).toHaveLength(1);
    await eventually(() => (sink.messages.length === 3 ? settled(event.id) : undefined), "reminder sent");
    const [invitation, reminder] = sink.to(email("Lea"));
    expect(reminder!.subject).toBe(`Erinnerung: Ihre Einladung: ${event.name}`);
    expect(sink.to(email("Kai"))).toHaveLength(1);
    expect((await exchange(linkIn(invitation!.text))).status).toBe(200);
    expect((await exchange(linkIn(reminder!.text))).status).toBe(200);
  });

  it("paces the handover to the configured rate", async () => {
    const { event } = await eventWith([{ name: "Mia" }, { name: "Nico" }, { name: "Olaf" }]);
    const { sink } = await sending({}, { ratePerMinute: 120 });
    const started = Date.now();
    await h.store.mail.queue(event.id, { kind: "all" }, "invitation");
    await eventually(() => settled(event.id), "all sent");
    // 2 a second with a burst of 2: the third waits half a second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(sink.messages).toHaveLength(3);
  });

  it("marks a handover without an answer uncertain, never sends it again by itself, and resends on request", async () => {
    const { event, email } = await eventWith([{ name: "Paula" }]);
    let answer: () => void = () => {};
    let holding = true;
    const { sink } = await sending(
      { beforeAnswer: () => (holding ? new Promise<void>((resolve) => (answer = resolve)) : Promise.resolve()) },
      { sendTimeoutMs: 300, staleAfterMs: 2000 },
    );
    await h.store.mail.queue(event.id, { kind: "all" }, "invitation");
    expect(await eventually(() => settled(event.id), "uncertain")).toMatchObject({ uncertain: 1, sent: 0 });
    const [uncertain] = (await h.store.mail.list(event.id)).items;
    expect(uncertain!.lastError).toMatch(/may have been delivered/);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sink.to(email("Paula"))).toHaveLength(1);
    expect(await h.store.mail.counts(event.id)).toMatchObject({ uncertain: 1 });

    holding = false;
    answer();
    expect(await h.store.mail.requeue(event.id, [uncertain!.id])).toHaveLength(1);
    await eventually(() => (sink.messages.length === 2 ? settled(event.id) : undefined), "resent");
    const [first, second] = sink.to(email("Paula"));
    // The resend adds a link: the one in the mail that may have arrived still works.
    expect((await exchange(linkIn(first!.text))).status).toBe(200);
    expect((await exchange(linkIn(second!.text))).status).toBe(200);
  });

  it("sends from one node of a cluster only: the holder of the sender lease", async () => {
    const { event } = await eventWith([{ name: "Rosa" }, { name: "Sven" }, { name: "Tina" }, { name: "Ulla" }]);
    const leases = new MemoryLeaseStore();
    const a = await sending({}, { lease: { store: leases, owner: "node-a" } });
    await eventually(() => leases.current("mail:sender"), "node a holds the lease");
    const b = await sending({}, { lease: { store: leases, owner: "node-b" } });
    await h.store.mail.queue(event.id, { kind: "all" }, "invitation");
    await eventually(() => settled(event.id), "all sent");
    expect(a.sink.messages).toHaveLength(4);
    expect(b.sink.messages).toHaveLength(0);
    // Node a stops (its lease released): node b takes over.
    await a.worker.close();
    await h.store.mail.queue(event.id, { kind: "reminder" }, "reminder");
    await eventually(() => (b.sink.messages.length === 4 ? settled(event.id) : undefined), "node b sends");
    expect(a.sink.messages).toHaveLength(4);
  });

  it("closes twice safely, and sends nothing after close", async () => {
    const { event } = await eventWith([{ name: "Quirin" }]);
    const { sink, worker } = await sending();
    await worker.close();
    await worker.close();
    await h.store.mail.queue(event.id, { kind: "all" }, "invitation");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.messages).toHaveLength(0);
    expect(await h.store.mail.counts(event.id)).toMatchObject({ queued: 1 });
  });
});
