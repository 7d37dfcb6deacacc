import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/csv/parse.ts";
import { ADMIN, BrowserHarness } from "./browser-harness.ts";

/**
 * Elections in real browsers: the chair creates one of each method through
 * the form (its rule shown in words), opens them, and a participant on a
 * phone-sized screen votes in every one, ranking by buttons; the chair
 * closes and publishes, and the phone shows the result.
 */
const methods = [
  { label: "Yes / no / abstain per candidate", title: "Kasse" },
  { label: "Approval (block vote)", title: "Beirat" },
  { label: "Cumulative", title: "Liste" },
  { label: "Single choice with runoff", title: "Vorsitz" },
  { label: "Ranked: single transferable vote (Scottish STV)", title: "Vorstand" },
  { label: "Ranked: Schulze (Condorcet)", title: "Reihung" },
] as const;

describe("elections in the browser", () => {
  let harness: BrowserHarness;
  let chair: Page;
  let eventId = "";
  let joinLink = "";

  beforeAll(async () => {
    harness = await BrowserHarness.start();
    chair = await (await harness.browser.newContext()).newPage();
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  /** The API from the chair's page: same origin, the chair's session. */
  const api = (method: string, path: string, body?: unknown) =>
    chair.evaluate(
      async ({ method, path, body }) => {
        const response = await fetch(path, {
          method,
          headers: body === undefined ? {} : { "content-type": body === null ? "text/csv" : "application/json" },
          body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
        });
        return response.text();
      },
      { method, path, body },
    );

  it("lets the chair create an election of each method, the rule in words, and open them", async () => {
    await chair.goto(`${harness.url}/admin`);
    await chair.getByLabel("Email").fill(ADMIN.email);
    await chair.getByLabel("Password").fill(ADMIN.password);
    await chair.getByRole("button", { name: "Sign in" }).click();
    await chair.getByLabel("Event name").fill("Parteitag");
    await chair.getByRole("button", { name: "Create" }).click();
    await chair.getByTestId("event-status").waitFor();
    eventId = new URL(chair.url()).pathname.split("/").at(-2) ?? "";
    await api("POST", `/api/events/${eventId}/agenda`, { title: "Wahlen" });
    await api("POST", `/api/events/${eventId}/participants`, { name: "Paula Phone", email: "paula@example.org" });
    await api("POST", `/api/events/${eventId}/open`);
    const links = parseCsv(await api("POST", `/api/events/${eventId}/invitations/export`)).records.map((record) => record.fields);
    joinLink = `${harness.url}/join${new URL(links[1]![4]!).hash}`;

    await chair.goto(`${harness.url}/admin/events/${eventId}/elections`);
    for (const method of methods) {
      const form = chair.locator("form.election-form");
      await form.getByLabel("Title").fill(method.title);
      await form.getByLabel("Method").selectOption({ label: method.label });
      if (method.title !== "Vorsitz") await form.getByLabel("Seats").fill("2");
      await form.getByLabel("Candidates (one per line)").fill("Ada Arndt\nBen Bauer\nCem Celik");
      await expect.poll(() => form.getByTestId("election-rule").textContent()).toContain(method.title === "Vorsitz" ? "runoff" : "2");
      await form.getByRole("button", { name: "Create election" }).click();
      await chair.locator("article.admin-poll", { hasText: method.title }).waitFor();
    }
    await expect.poll(() => chair.locator("article.admin-poll").count()).toBe(6);
    await expect
      .poll(() => chair.locator("article.admin-poll", { hasText: "Vorstand" }).getByTestId("election-rules").textContent())
      .toContain("Scottish STV");
    await harness.capture(chair, "elections-chair-drafts");
    for (const method of methods) {
      const row = chair.locator("article.admin-poll", { hasText: method.title });
      await row.getByRole("button", { name: "Open election" }).click();
      await row.getByRole("button", { name: "Close election" }).waitFor();
    }
  }, 120_000);

  it("lets a participant vote in every method on a phone, and shows the chair turnout, then the published result", async () => {
    const context = await harness.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await context.newPage();
    await phone.goto(joinLink);
    const election = (title: string) => phone.locator("article.election", { has: phone.getByRole("heading", { name: title }) });
    await election("Vorstand").waitFor();
    await harness.capture(phone, "elections-phone-open");

    const cast = async (title: string) => {
      await election(title).getByRole("button", { name: "Cast ballot" }).click();
      await election(title).locator(".voted").waitFor();
    };
    await election("Kasse").getByRole("group", { name: "Ada Arndt" }).getByLabel("Yes").check();
    await election("Kasse").getByRole("group", { name: "Ben Bauer" }).getByLabel("No").check();
    await cast("Kasse");
    await election("Beirat").getByLabel("Ben Bauer").check();
    await election("Beirat").getByLabel("Cem Celik").check();
    await cast("Beirat");
    await election("Liste").getByLabel("Ada Arndt").fill("2");
    await cast("Liste");
    await election("Vorsitz").getByLabel("Cem Celik").check();
    await cast("Vorsitz");
    for (const title of ["Vorstand", "Reihung"]) {
      await election(title).getByRole("button", { name: "Rank Cem Celik" }).click();
      await election(title).getByRole("button", { name: "Rank Ada Arndt" }).click();
      await election(title).getByRole("button", { name: "Move Ada Arndt up" }).click();
      expect(await election(title).getByTestId("ranking").locator(".rank-name").allTextContents()).toEqual(["Ada Arndt", "Cem Celik"]);
    }
    await harness.capture(phone, "elections-phone-ranking");
    await cast("Vorstand");
    await cast("Reihung");
    await harness.capture(phone, "elections-phone-voted");

    const vorstand = chair.locator("article.admin-poll", { hasText: "Vorstand" });
    await expect.poll(() => vorstand.getByTestId("election-turnout").textContent()).toContain("1 of 1");
    await expect.poll(() => vorstand.getByTestId("election-result").count()).toBe(0);
    await vorstand.getByRole("button", { name: "Close election" }).click();
    await vorstand.getByTestId("election-result").waitFor();
    // One ballot: Ada reaches the quota at once; who of the others takes the second seat is drawn by lot.
    await expect.poll(async () => (await vorstand.locator("ol.elected li").allTextContents())[0]).toBe("Ada Arndt");
    const elected = await vorstand.locator("ol.elected li").allTextContents();
    expect(elected).toHaveLength(2);
    await vorstand.getByRole("button", { name: "Publish result" }).click();
    await harness.capture(chair, "elections-chair-result");
    await election("Vorstand").getByTestId("election-result").waitFor();
    await expect.poll(() => election("Vorstand").locator("ol.elected li").allTextContents()).toEqual(elected);
    await context.close();
  }, 120_000);
});
