import { join } from "node:path";
import type { BrowserContext, Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SmtpSink } from "../mail/smtp-sink.ts";
import { BrowserHarness, repoRoot } from "./browser-harness.ts";
import { type ApiCall, chairSession } from "./chair-session.ts";
import { phonePage } from "./phone.ts";

/**
 * The participant's phone as a member reads it, and the console at the same
 * width: whose votes they cast and with what weight, what a receipt code is
 * for, Back closing the vote's confirmation instead of leaving the app, a
 * "no connection" error that goes once the connection is back, a replaced
 * link that says what to do (ask for a new one, here by mail), and pages
 * that fit a 390 px phone (and a German tab bar that fits one line at
 * 1366 px) without a 404 on the way.
 */
const title = "Landesdelegiertenversammlung Nordrhein-Westfalen in Gelsenkirchen-Buer";
const people = [
  { name: "Alice Arendt", email: "alice@example.org", weight: 1 },
  { name: "A. Schmidt", email: "schmidt@example.org", weight: 1 },
  { name: "B. Meier", email: "meier@example.org", weight: 1 },
  { name: "Dora Dietz", email: "dora@example.org", weight: 2 },
] as const;

describe("the participant's phone", () => {
  let sink: SmtpSink;
  let harness: BrowserHarness;
  let call: ApiCall;
  let chairContext: BrowserContext;
  let eventId = "";
  const ids = new Map<string, string>();
  const phones = new Map<string, Page>();
  /** Every 404 the pages got (a missing icon, script or style): none is expected. */
  const missing: string[] = [];
  const watch = (page: Page) =>
    page.on("response", (response: Response) => void (response.status() === 404 && missing.push(response.url())));

  /**
   * The document's width, after checking that nothing sticks out of the window
   * (to name the culprit), but what scrolls inside its own box (a wide table).
   */
  const scrollWidth = async (page: Page) => {
    const { width, wider } = await page.evaluate(() => {
      const scrollsInside = (element: Element) => {
        for (let box = element.parentElement; box; box = box.parentElement) if (getComputedStyle(box).overflowX !== "visible") return true;
        return false;
      };
      return {
        width: document.scrollingElement!.scrollWidth,
        wider: [...document.querySelectorAll("body *")]
          .filter((element) => element.getBoundingClientRect().right > innerWidth + 1 && !scrollsInside(element))
          .slice(0, 5)
          .map((element) => `${element.tagName}.${element.className}: ${element.textContent?.slice(0, 40)}`),
      };
    });
    expect(wider, "elements wider than the window").toEqual([]);
    return width;
  };

  async function joinPhone(email: string, language: "en" | "de" = "en"): Promise<Page> {
    const page = await phonePage(harness);
    watch(page);
    if (language === "de") await page.addInitScript(() => localStorage.setItem("plenum.language", "de"));
    const { link } = await call<{ link: string }>("post", `/events/${eventId}/participants/${ids.get(email)}/invitation`);
    await page.goto(`${harness.url}/join${new URL(link).hash}`);
    await page.waitForURL(`${harness.url}/p`);
    await page.getByRole("heading", { name: title }).waitFor();
    await page.getByRole("status").filter({ hasText: "Online" }).waitFor();
    phones.set(email, page);
    return page;
  }

  beforeAll(async () => {
    sink = await SmtpSink.start();
    harness = await BrowserHarness.start({
      mail: { smtp: { host: "127.0.0.1", port: sink.port, secure: false }, from: "Congress <invitations@example.org>", ratePerMinute: 600 },
    });
    const session = await chairSession(harness);
    call = session.call;
    chairContext = session.chair.context();
    eventId = (await call<{ event: { id: string } }>("post", "/events", { name: title, settings: { proxyCapPerDelegate: 2 } })).event.id;
    await call("post", `/events/${eventId}/agenda`, { title: "Wahlen" });
    for (const person of people) {
      const { participant } = await call<{ participant: { id: string } }>("post", `/events/${eventId}/participants`, person);
      ids.set(person.email, participant.id);
    }
    for (const principal of ["schmidt@example.org", "meier@example.org"])
      await call("post", `/events/${eventId}/proxies`, { principalId: ids.get(principal), delegateId: ids.get("alice@example.org") });
    await call("post", `/events/${eventId}/open`);
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
    await sink?.close();
  });

  it("says in words whose votes a member casts and with what weight, in English and German", async () => {
    const alice = await joinPhone("alice@example.org");
    const rights = alice.getByTestId("voting-rights");
    await expect
      .poll(() => rights.locator("p").first().textContent())
      .toBe("You vote with weight 3: your own vote and proxies for A. Schmidt and B. Meier.");
    expect(await rights.locator("li").allTextContents()).toEqual([
      "Your own vote: weight 1",
      "A. Schmidt (proxy): weight 1",
      "B. Meier (proxy): weight 1",
    ]);
    expect(await rights.textContent()).toContain("a ballot of weight 2 counts twice");
    await alice.getByLabel("Language").selectOption("de");
    await expect
      .poll(() => rights.locator("p").first().textContent())
      .toBe("Sie stimmen mit dem Gewicht 3 ab: Ihre eigene Stimme und Vollmachten für A. Schmidt und B. Meier.");
    await alice.getByLabel("Sprache").selectOption("en");

    const dora = await joinPhone("dora@example.org");
    await expect
      .poll(() => dora.getByTestId("voting-rights").locator("p").first().textContent())
      .toBe("Your vote has weight 2: it counts as 2 votes.");
    for (const page of [alice, dora]) expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await harness.capture(alice, "phone-voting-rights");
  }, 60_000);

  it("closes the vote's confirmation on Back instead of leaving, and says what the receipt code is for", async () => {
    const alice = phones.get("alice@example.org")!;
    const item = (await call<{ items: { id: string }[] }>("get", `/events/${eventId}/agenda`)).items[0]!;
    const { poll } = await call<{ poll: { id: string } }>("post", `/events/${eventId}/polls`, {
      agendaItemId: item.id,
      title: "Haushalt 2027",
      kind: "yes_no_abstain",
      secret: true,
    });
    await call("post", `/events/${eventId}/polls/${poll.id}/open`);
    const own = alice.getByRole("region", { name: "Your vote", exact: true });
    await own.getByRole("button", { name: "Yes", exact: true }).waitFor();
    await alice.getByRole("heading", { name: "Votes", exact: true }).evaluate((heading) => heading.scrollIntoView({ block: "start" }));
    await alice.screenshot({ path: join(repoRoot, "docs/img/phone-ballot.png") });
    expect(await scrollWidth(alice)).toBeLessThanOrEqual(390);

    const dialog = alice.getByRole("dialog", { name: "Confirm your vote" });
    await own.getByRole("button", { name: "Yes", exact: true }).click();
    await dialog.waitFor();
    await alice.goBack();
    await dialog.waitFor({ state: "hidden" });
    expect(alice.url()).toBe(`${harness.url}/p`);
    await own.getByRole("button", { name: "Yes", exact: true }).click();
    await dialog.getByRole("button", { name: "Cast vote" }).click();
    await own.locator(".receipt").waitFor();
    expect(await own.locator(".receipt-explain").textContent()).toBe(
      "Keep this code: with it you can check that your ballot was counted. When the vote has closed, it is in the published list of receipt codes, without your name.",
    );
    // Closed by casting, the confirmation took its history entry back: Back now leaves /p, not a closed dialog.
    expect(await alice.evaluate(() => (history.state as { modal?: string } | null)?.modal ?? null)).toBeNull();
    await harness.capture(alice, "phone-receipt-explained");
  }, 60_000);

  it("drops a 'no connection' error once the connection is back", async () => {
    const dora = phones.get("dora@example.org")!;
    await dora.context().setOffline(true);
    await dora.getByRole("status").filter({ hasText: "reconnecting" }).waitFor();
    await dora.getByRole("button", { name: "I am here" }).click();
    const noConnection = dora.getByRole("alert").filter({ hasText: "No connection to the server" });
    await noConnection.waitFor();
    await dora.context().setOffline(false);
    await dora.getByRole("status").filter({ hasText: "Online" }).waitFor({ timeout: 10_000 });
    await noConnection.waitFor({ state: "detached" });
    await dora.getByRole("button", { name: "I am here" }).click();
    await dora.getByText("You are checked in as present").waitFor();
  }, 60_000);

  it("tells a phone whose link was replaced to get the new one, not to reload, and offers it by mail", async () => {
    const dora = phones.get("dora@example.org")!;
    await dora.getByLabel("Language").selectOption("de");
    await dora.getByRole("heading", { name: "Ihr Stimmrecht" }).waitFor();
    for (const email of ["alice@example.org", "dora@example.org"])
      await call("post", `/events/${eventId}/participants/${ids.get(email)}/invitation`);

    const alice = phones.get("alice@example.org")!;
    const revoked = alice.getByTestId("link-revoked");
    await revoked.waitFor({ timeout: 10_000 });
    expect(await revoked.textContent()).toBe(
      "Your personal link is no longer valid: the organisers have revoked it or issued you a new one. Please ask them for your new link.",
    );
    expect(await alice.locator("main").textContent()).not.toMatch(/reload|connection/i);
    await alice.getByText("Or have your new link sent to your e-mail address:").waitFor();
    await alice.getByLabel("Email").fill("alice@example.org");
    await alice.getByRole("button", { name: "Send my link" }).click();
    await alice.getByText("a mail with your link is on its way").waitFor();
    await harness.capture(alice, "phone-link-replaced");

    await expect
      .poll(() => dora.getByTestId("link-revoked").textContent(), { timeout: 10_000 })
      .toBe(
        "Ihr persönlicher Link ist nicht mehr gültig: Die Organisation hat ihn widerrufen oder Ihnen einen neuen ausgestellt. Bitte fragen Sie dort nach Ihrem neuen Link.",
      );
    expect(await dora.locator("main").textContent()).not.toMatch(/neu laden|Verbindung/);
    await harness.capture(dora, "phone-link-replaced-de");
  }, 60_000);

  it("fits the console into a 390 px phone, and the German tab bar into one line at 1366 px", async () => {
    const state = await chairContext.storageState();
    const narrow = await (await harness.browser.newContext({ storageState: state, viewport: { width: 390, height: 844 } })).newPage();
    watch(narrow);
    for (const tab of ["setup", "participants", "polls", "invitations", "agenda"]) {
      await narrow.goto(`${harness.url}/admin/events/${eventId}/${tab}`);
      await narrow.getByRole("navigation", { name: "Event sections" }).waitFor();
      await narrow.getByRole("heading", { name: title }).waitFor();
      expect(await scrollWidth(narrow), tab).toBeLessThanOrEqual(390);
    }
    await harness.capture(narrow, "admin-narrow");

    const wide = await (await harness.browser.newContext({ storageState: state, viewport: { width: 1366, height: 768 } })).newPage();
    watch(wide);
    await wide.addInitScript(() => localStorage.setItem("plenum.language", "de"));
    await wide.goto(`${harness.url}/admin/events/${eventId}/setup`);
    const tabs = wide.getByRole("navigation", { name: "Bereiche der Veranstaltung" }).getByRole("link");
    await tabs.first().waitFor();
    const tops = await tabs.evaluateAll((links) => links.map((link) => link.getBoundingClientRect().top));
    expect(new Set(tops).size, "one row of tabs").toBe(1);
    const strip = await wide
      .getByRole("navigation", { name: "Bereiche der Veranstaltung" })
      .evaluate((nav) => [nav.scrollWidth, nav.clientWidth]);
    expect(strip[0], "every tab in sight, none scrolled away").toBeLessThanOrEqual(strip[1]!);
    expect(await scrollWidth(wide)).toBeLessThanOrEqual(1366);
    await harness.capture(wide, "admin-tabs-de");
    // Headless Chromium fetches no icons: ask for the declared one, and for /favicon.ico as other browsers do.
    const icon = await wide.locator("link[rel=icon]").getAttribute("href");
    for (const path of [icon!, "/favicon.ico"]) {
      const answer = await wide.request.get(`${harness.url}${path}`);
      expect(answer.status(), path).toBe(200);
      expect(answer.headers()["content-type"], path).toContain("image/svg+xml");
    }
    expect(missing).toEqual([]);
  }, 60_000);
});
