import type { APIRequestContext, Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, BrowserHarness } from "./browser-harness.ts";

/**
 * Presence stated, not inferred, and results that explain themselves, in
 * Chromium on a phone (390 px) and a desktop, in English and German: the
 * phone's "I am here", the console's present apart from online, and the
 * projector's wording for an absolute majority.
 */
const phoneViewport = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const desktopViewport = { viewport: { width: 1366, height: 900 } };
type Language = "en" | "de";

async function contextIn(browser: Browser, language: Language, options: object, storageState?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ ...options, ...(storageState ? { storageState: JSON.parse(storageState) } : {}) });
  await context.addInitScript((chosen) => localStorage.setItem("plenum.language", chosen), language);
  return context;
}

describe("presence and results in the browser", () => {
  let harness: BrowserHarness;
  let api: APIRequestContext;
  let chairState = "";
  let eventId = "";
  let itemId = "";
  const people = ["Ada", "Bea", "Cem", "Dan", "Eva"];
  const participantIds = new Map<string, string>();
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    harness = await BrowserHarness.start();
    const context = await harness.browser.newContext();
    api = context.request;
    expect((await api.post(`${harness.url}/api/admin/login`, { data: ADMIN })).status()).toBe(200);
    chairState = JSON.stringify(await context.storageState());
    eventId = (await (await api.post(`${harness.url}/api/events`, { data: { name: "Mitgliederversammlung" } })).json()).event.id;
    itemId = (await (await api.post(`${harness.url}/api/events/${eventId}/agenda`, { data: { title: "Satzung" } })).json()).item.id;
    for (const name of people) {
      const added = await api.post(`${harness.url}/api/events/${eventId}/participants`, {
        data: { name, email: `${name.toLowerCase()}@example.org` },
      });
      const id: string = (await added.json()).participant.id;
      participantIds.set(name, id);
      const invited = await api.post(`${harness.url}/api/events/${eventId}/participants/${id}/invitation`);
      tokens.set(name, (await invited.json()).token);
    }
    expect((await api.post(`${harness.url}/api/events/${eventId}/open`)).status()).toBe(200);
  }, 90_000);

  afterAll(async () => {
    await harness?.close();
  });

  async function phone(name: string, language: Language): Promise<Page> {
    const page = await (await contextIn(harness.browser, language, phoneViewport)).newPage();
    await page.goto(`${harness.url}/join#${tokens.get(name)}`);
    await page.waitForURL(`${harness.url}/p`);
    return page;
  }

  async function consoleRow(language: Language, name: string): Promise<{ page: Page; state: () => Promise<string> }> {
    const page = await (await contextIn(harness.browser, language, desktopViewport, chairState)).newPage();
    await page.goto(`${harness.url}/admin/events/${eventId}/participants`);
    const row = page.locator("tbody tr", { hasText: `${name.toLowerCase()}@example.org` });
    await row.waitFor();
    const state = async () =>
      `${await row.locator(".presence > span").textContent()} / ${await row.getByTestId("online-state").textContent()}`;
    return { page, state };
  }

  it("phone in English: opening the link is online, not present; 'I am here' checks in; a chair's check-out survives a reload", async () => {
    const ada = await phone("Ada", "en");
    const console = await consoleRow("en", "Ada");
    await expect.poll(() => ada.getByTestId("my-presence").textContent()).toContain("You are not checked in yet");
    await expect.poll(() => console.state(), { timeout: 5000 }).toBe("absent / online");
    await harness.capture(ada, "presence-phone-en");
    await harness.capture(console.page, "presence-console-en");

    await ada.getByRole("button", { name: "I am here" }).click();
    await expect.poll(() => ada.getByTestId("my-presence").textContent()).toContain("You are checked in as present");
    await expect.poll(() => console.state(), { timeout: 5000 }).toBe("present / online");

    await console.page.getByRole("button", { name: "Check out Ada" }).click();
    await expect.poll(() => ada.getByTestId("my-presence").textContent()).toContain("A chair checked you out");
    await ada.reload();
    await expect.poll(() => ada.getByTestId("my-presence").textContent()).toContain("A chair checked you out");
    await expect.poll(() => console.state(), { timeout: 5000 }).toBe("absent / online");

    await ada.getByRole("button", { name: "I am here" }).click();
    await expect.poll(() => console.state(), { timeout: 5000 }).toBe("present / online");
    // The phone goes away: still present (a locked screen is no leave), no longer online.
    await ada.context().close();
    await expect.poll(() => console.state(), { timeout: 5000 }).toBe("present / offline");
    await console.page.context().close();
  }, 60_000);

  it("phone and console in German: „Ich bin da“ and anwesend apart from online", async () => {
    const bea = await phone("Bea", "de");
    const console = await consoleRow("de", "Bea");
    await expect.poll(() => bea.getByTestId("my-presence").textContent()).toContain("noch nicht als anwesend eingetragen");
    await bea.getByRole("button", { name: "Ich bin da" }).click();
    await expect.poll(() => bea.getByTestId("my-presence").textContent()).toContain("als anwesend eingetragen");
    await expect.poll(() => console.state(), { timeout: 5000 }).toBe("anwesend / online");
    await harness.capture(bea, "presence-phone-de");
    await harness.capture(console.page, "presence-console-de");
    await bea.context().close();
    await console.page.context().close();
  }, 60_000);

  it("the projector and the phone say rule, base, required and reached figure for an absolute majority, in English and German", async () => {
    const created = await api.post(`${harness.url}/api/events/${eventId}/polls`, {
      data: { agendaItemId: itemId, title: "Satzungsänderung", kind: "yes_no_abstain", majority: { kind: "absolute" } },
    });
    const pollId: string = (await created.json()).poll.id;
    expect((await api.post(`${harness.url}/api/events/${eventId}/polls/${pollId}/open`)).status()).toBe(200);
    const votes: [string, object][] = [
      ["Ada", { kind: "options", optionIds: ["yes"] }],
      ["Bea", { kind: "options", optionIds: ["yes"] }],
      ["Cem", { kind: "options", optionIds: ["no"] }],
      ["Dan", { kind: "abstain" }],
    ];
    for (const [name, choice] of votes) {
      const cast = await api.post(`${harness.url}/api/participant/polls/${pollId}/ballots`, {
        headers: { authorization: `Bearer ${tokens.get(name)}` },
        data: { ballotId: `ballot-${name}-0123456789abcdef`, choice },
      });
      expect(cast.status(), await cast.text()).toBeLessThan(300);
    }
    for (const step of ["close", "publish"]) {
      expect((await api.post(`${harness.url}/api/events/${eventId}/polls/${pollId}/${step}`)).status()).toBe(200);
    }

    const expected: Record<Language, string[]> = {
      en: [
        "Absolute majority: more than half of all 5 eligible votes.",
        "3 of 5 votes needed — 2 yes: not passed",
        "No quorum required.",
        "4 of 5 people voted",
      ],
      de: [
        "Absolute Mehrheit: mehr als die Hälfte aller 5 stimmberechtigten Stimmen.",
        "3 von 5 Stimmen nötig — 2 Ja: abgelehnt",
        "Kein Quorum erforderlich.",
        "4 von 5 Personen haben abgestimmt",
      ],
    };
    for (const language of ["en", "de"] as const) {
      const projector = await (await contextIn(harness.browser, language, desktopViewport, chairState)).newPage();
      await projector.goto(`${harness.url}/projector/${eventId}`);
      const result = projector.getByTestId("projector-result");
      await result.waitFor({ timeout: 5000 });
      const text = (await result.getByTestId("explained-result").textContent()) ?? "";
      for (const line of expected[language]) expect(text).toContain(line);
      // Percentages are of the base the rule uses: 2 of 5 eligible is 40 %.
      expect(await result.locator(".result-row").first().locator(".bar-value").textContent()).toMatch(/40 %/);
      await harness.capture(projector, `projector-result-absolute-${language}`);
      await projector.context().close();

      const eva = await phone("Eva", language);
      const onPhone = eva.locator(`[data-testid=result-${pollId}]`);
      await onPhone.waitFor({ timeout: 5000 });
      const phoneText = (await onPhone.getByTestId("explained-result").textContent()) ?? "";
      for (const line of expected[language]) expect(phoneText).toContain(line);
      await harness.capture(eva, `phone-result-absolute-${language}`);
      await eva.context().close();
    }
  }, 90_000);
});
