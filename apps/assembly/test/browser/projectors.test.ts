import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserHarness } from "./browser-harness.ts";
import { type ApiCall, chairSession } from "./chair-session.ts";

/**
 * The room's screens in Chromium: a chair makes two in the console, opens
 * each at its own address, puts an older poll's result on the Hall and
 * blanks the Foyer; both pages follow within a second and the console's
 * previews show the same.
 */
describe("projectors in the browser", () => {
  let harness: BrowserHarness;
  let chair: Page;
  let call: ApiCall;
  let eventId = "";

  async function publishedPoll(itemId: string, title: string): Promise<string> {
    const { poll } = await call<{ poll: { id: string } }>("post", `/events/${eventId}/polls`, {
      agendaItemId: itemId,
      title,
      kind: "yes_no_abstain",
    });
    for (const step of ["open", "close", "publish"]) await call("post", `/events/${eventId}/polls/${poll.id}/${step}`);
    return poll.id;
  }

  beforeAll(async () => {
    harness = await BrowserHarness.start();
    ({ chair, call } = await chairSession(harness));
    eventId = (await call<{ event: { id: string } }>("post", "/events", { name: "Bundesparteitag" })).event.id;
    const { item } = await call<{ item: { id: string } }>("post", `/events/${eventId}/agenda`, { title: "Haushalt" });
    await call("post", `/events/${eventId}/open`);
    await publishedPoll(item.id, "Budget 2027");
    await publishedPoll(item.id, "Statutes");
  }, 90_000);

  afterAll(async () => {
    await harness?.close();
  });

  const card = (name: string) => chair.locator(`[data-testid="projector-card"][data-screen="${name}"]`);
  const shownResult = (page: Page) => page.getByTestId("projector-result").locator("h2").textContent();

  it("switches the Hall to an older result and blanks the Foyer: both screens and the previews follow", async () => {
    await chair.goto(`${harness.url}/admin/events/${eventId}/projectors`);
    await chair.getByText("No screens yet").waitFor();
    for (const name of ["Hall", "Foyer"]) {
      await chair.getByRole("form", { name: "New screen" }).getByRole("textbox", { name: "Name" }).fill(name);
      await chair.getByRole("button", { name: "Add screen" }).click();
      await card(name).waitFor();
    }
    const screens: Record<string, Page> = {};
    for (const name of ["Hall", "Foyer"]) {
      const href = await card(name)
        .getByRole("link", { name: `Open ${name} (screen address)` })
        .getAttribute("href");
      expect(href).toMatch(new RegExp(`^/projector/${eventId}/[\\w-]+$`));
      const page = await chair.context().newPage();
      await page.goto(`${harness.url}${href}`);
      screens[name] = page;
    }
    // New screens follow the day: the latest published result.
    for (const page of Object.values(screens)) await expect.poll(() => shownResult(page), { timeout: 10_000 }).toBe("Statutes");

    const hall = card("Hall");
    await hall.getByLabel("Content").selectOption({ label: "Budget 2027 (Published)" });
    await hall.getByRole("button", { name: "Show", exact: true }).click();
    await expect.poll(() => shownResult(screens["Hall"]!), { timeout: 5000 }).toBe("Budget 2027");
    await expect.poll(() => screens["Hall"]!.getByTestId("explained-result").isVisible()).toBe(true);

    await card("Foyer").getByRole("button", { name: "Blank" }).click();
    await expect.poll(() => screens["Foyer"]!.getByTestId("projector-blank").textContent(), { timeout: 5000 }).toBe("Bundesparteitag");
    expect(await shownResult(screens["Hall"]!)).toBe("Budget 2027");

    // The console's previews render the same component from the same live views.
    await expect
      .poll(() => hall.getByTestId("projector-preview").getByTestId("projector-result").locator("h2").textContent())
      .toBe("Budget 2027");
    await expect.poll(() => card("Foyer").getByTestId("projector-preview").getByTestId("projector-blank").isVisible()).toBe(true);
    expect(await card("Foyer").getByRole("button", { name: "Blank" }).getAttribute("aria-pressed")).toBe("true");
    await harness.capture(chair, "projectors-console");
    await harness.screenshot(screens["Hall"]!, "projector-hall-older-result");

    // "Show on Foyer" beside a poll in the polls tab.
    await chair.goto(`${harness.url}/admin/events/${eventId}/polls`);
    await chair.getByRole("button", { name: "Show Statutes on Foyer" }).click();
    await expect.poll(() => shownResult(screens["Foyer"]!), { timeout: 5000 }).toBe("Statutes");
    // The console hears of the switch on its own live view, which may come a moment after the screen's.
    await expect
      .poll(() => chair.getByRole("button", { name: "Show Statutes on Foyer" }).getAttribute("aria-pressed"), { timeout: 5000 })
      .toBe("true");
  }, 60_000);
});
