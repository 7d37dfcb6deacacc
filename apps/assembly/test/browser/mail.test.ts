import type { APIRequestContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SmtpSink } from "../mail/smtp-sink.ts";
import { ADMIN, BrowserHarness } from "./browser-harness.ts";

/**
 * A chair sends the invitations by e-mail from the console and watches them
 * go out live; a refused address shows up with the mail server's answer; a
 * German participant gets the German text; a participant who lost their
 * link asks for it again on the join page.
 */
const people = [
  { name: "Anna Adler", email: "anna@example.org", language: "" },
  { name: "Bodo Bauer", email: "bodo@example.org", language: "de" },
  { name: "Cora Cole", email: "cora@example.org", language: "en" },
  { name: "Dirk Dorn", email: "refused@example.org", language: "" },
];

describe("invitations by e-mail in the browser", () => {
  let sink: SmtpSink;
  let harness: BrowserHarness;
  let chair: Page;
  let api: APIRequestContext;
  let eventId = "";

  beforeAll(async () => {
    sink = await SmtpSink.start({
      verdict: (recipient) => (recipient === "refused@example.org" ? { code: 550, message: "5.1.1 mailbox unknown" } : undefined),
    });
    harness = await BrowserHarness.start({
      mail: { smtp: { host: "127.0.0.1", port: sink.port, secure: false }, from: "Congress <invitations@example.org>", ratePerMinute: 600 },
    });
    const context = await harness.browser.newContext();
    context.setDefaultTimeout(8000);
    api = context.request;
    expect((await api.post(`${harness.url}/api/admin/login`, { data: ADMIN })).status()).toBe(200);
    chair = await context.newPage();
    const created = await api.post(`${harness.url}/api/events`, { data: { name: "Spring Congress" } });
    eventId = ((await created.json()) as { event: { id: string } }).event.id;
    const csv = ["name,email,language", ...people.map((p) => `${p.name},${p.email},${p.language}`)].join("\n");
    const imported = await api.post(`${harness.url}/api/events/${eventId}/participants/import`, {
      headers: { "content-type": "text/csv" },
      data: csv,
    });
    expect(imported.status()).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
    await sink?.close();
  });

  it("sends to everyone not yet sent and shows the progress live, with the refused address to deal with", async () => {
    await chair.goto(`${harness.url}/admin/events/${eventId}/invitations`);
    await chair.getByRole("heading", { name: "Invitations by e-mail" }).waitFor();
    expect(await chair.getByTestId("mail-sent").textContent()).toBe("0");
    await chair.getByRole("button", { name: "Send to everyone not yet sent" }).click();
    await expect.poll(() => chair.getByTestId("mail-queued-summary").textContent()).toMatch(/^4 messages queued/);
    await expect.poll(() => chair.getByTestId("mail-sent").textContent(), { timeout: 10_000 }).toBe("3");
    await expect.poll(() => chair.getByTestId("mail-failed").textContent()).toBe("1");
    expect(await chair.getByTestId("mail-queued").textContent()).toBe("0");
    const problem = chair.getByRole("row").filter({ hasText: "Dirk Dorn" });
    await problem.getByText("5.1.1 mailbox unknown").waitFor();
    await harness.capture(chair, "admin-mail-progress");

    expect(sink.messages.map((mail) => mail.to[0]).sort()).toEqual(["anna@example.org", "bodo@example.org", "cora@example.org"]);
    expect(sink.to("bodo@example.org")[0]!.subject).toBe("Ihre Einladung: Spring Congress");
    expect(sink.to("anna@example.org")[0]!.subject).toBe("Your invitation: Spring Congress");

    // Sending again reaches nobody new: everyone got theirs, the refused one is a failure to fix first.
    await chair.getByRole("button", { name: "Send to everyone not yet sent" }).click();
    await expect.poll(() => chair.getByTestId("mail-queued-summary").textContent()).toMatch(/^1 messages queued/);
    await expect.poll(() => chair.getByTestId("mail-failed").textContent()).toBe("1");
    expect(sink.messages).toHaveLength(3);

    const audit = await (await api.get(`${harness.url}/api/events/${eventId}/audit`)).json();
    const sends = (audit.entries as { action: string; after: unknown }[]).filter((entry) => entry.action === "mail.send");
    expect(sends.map((entry) => entry.after)).toEqual([
      { audience: "unsent", queued: 4 },
      { audience: "unsent", queued: 1 },
    ]);
  }, 30_000);

  it("opens the link from the mail, and a participant who lost it asks for it again", async () => {
    const phone = await harness.browser.newPage();
    const link = /https?:\/\/\S+\/join#\S+/.exec(sink.to("cora@example.org")[0]!.text)![0];
    await phone.goto(`${harness.url}/join${new URL(link).hash}`);
    await phone.getByText("Signed in as Cora Cole").waitFor();

    const lost = await harness.browser.newPage();
    await lost.goto(`${harness.url}/join?event=${eventId}`);
    await lost.getByLabel("Email").fill("anna@example.org");
    await lost.getByRole("button", { name: "Send my link" }).click();
    await lost.getByText("If this address is registered for the event").waitFor();
    await harness.capture(lost, "join-link-request");
    await expect.poll(() => sink.to("anna@example.org").length, { timeout: 10_000 }).toBe(2);
    const again = /https?:\/\/\S+\/join#\S+/.exec(sink.to("anna@example.org")[1]!.text)![0];
    await lost.goto(`${harness.url}/join${new URL(again).hash}`);
    await lost.getByText("Signed in as Anna Adler").waitFor();
  }, 30_000);
});
