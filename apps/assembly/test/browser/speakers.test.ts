import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, BrowserHarness } from "./browser-harness.ts";
import { phonePage } from "./phone.ts";

/**
 * A debate's list of speakers in real browsers: a participant asks to speak
 * from a phone-sized screen (a double tap stored once, a point of order
 * ahead, withdrawn again), and a chair runs two speakers with the clock
 * running on the console and the projector.
 */
describe("lists of speakers in the browser", () => {
  let harness: BrowserHarness;
  let cookie = "";
  let eventId = "";
  let itemId = "";
  const people: { id: string; name: string; link: string }[] = [];

  /** The API as the chair's scripts would use it, to set the scene quickly. */
  async function api(method: string, path: string, body?: unknown): Promise<any> {
    const response = await fetch(`${harness.url}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    if (!cookie) cookie = (response.headers.get("set-cookie") ?? "").split(";")[0]!;
    return text === "" ? undefined : JSON.parse(text);
  }

  async function chairPage(path: string): Promise<Page> {
    const context = await harness.browser.newContext();
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: harness.url }]);
    const page = await context.newPage();
    await page.goto(`${harness.url}${path}`);
    return page;
  }

  const listOf = async () => (await api("GET", `/api/events/${eventId}/speakers/${listId}`)).list.list;
  let listId = "";

  beforeAll(async () => {
    harness = await BrowserHarness.start();
    await api("POST", "/api/admin/login", ADMIN);
    eventId = (await api("POST", "/api/events", { name: "Landesparteitag", timezone: "Europe/Berlin" })).event.id;
    itemId = (await api("POST", `/api/events/${eventId}/agenda`, { title: "Leitantrag Verkehr" })).item.id;
    for (const [index, name] of ["Jörg Äbersold", "Zoë Özdemir", "Ana Núñez"].entries()) {
      const { participant } = await api("POST", `/api/events/${eventId}/participants`, { name, email: `p${index}@example.org` });
      const { link } = await api("POST", `/api/events/${eventId}/participants/${participant.id}/invitation`);
      people.push({ id: participant.id, name, link: `${harness.url}/join${new URL(link).hash}` });
    }
    await api("POST", `/api/events/${eventId}/open`);
    listId = (await api("POST", `/api/events/${eventId}/speakers`, { agendaItemId: itemId })).list.id;
  }, 90_000);

  afterAll(async () => {
    await harness?.close();
  });

  it("lets a participant ask to speak from a phone: a double tap is one request, a point of order goes ahead, withdrawn again", async () => {
    const phone = await phonePage(harness);
    await phone.goto(people[0]!.link);
    const list = phone.getByTestId(`speakers-${listId}`);
    await expect.poll(() => list.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => list.textContent()).toContain("Leitantrag Verkehr");

    const ask = list.getByRole("button", { name: "Request to speak" });
    await ask.dblclick();
    await expect.poll(() => list.getByTestId("my-position").textContent(), { timeout: 5000 }).toContain("You are number 1 on the list.");
    expect((await listOf()).entries).toHaveLength(1);
    // Waiting already: only a point of order can be asked for now.
    await expect.poll(() => ask.count()).toBe(0);

    await api("POST", `/api/events/${eventId}/speakers/${listId}/entries`, { participantId: people[1]!.id });
    await list.getByRole("button", { name: "Point of order" }).tap();
    await expect
      .poll(() => list.getByTestId("my-position").allTextContents())
      .toEqual([
        expect.stringContaining("You are number 1 on the list. (Point of order)"),
        expect.stringContaining("You are number 2 on the list. (Speech)"),
      ]);
    await harness.capture(phone, "speakers-phone");

    await list.getByTestId("my-position").first().getByRole("button", { name: "Withdraw my request" }).tap();
    await expect.poll(() => list.getByTestId("my-position").count()).toBe(1);
    await expect.poll(() => list.textContent()).toContain("2 waiting");

    // The chair closes the list: only points of order are offered, and the phone says why.
    await api("POST", `/api/events/${eventId}/speakers/${listId}/close`);
    await expect.poll(() => list.textContent()).toContain("The list is closed");
    await expect.poll(() => list.getByRole("button", { name: "Point of order" }).count()).toBe(1);
    await api("POST", `/api/events/${eventId}/speakers/${listId}/reopen`);

    // In German, the position and the rule everyone is shown read in German.
    await phone.getByLabel("Language").selectOption("de");
    await expect.poll(() => list.getByTestId("my-position").textContent()).toContain("Sie sind Nummer 1 auf der Liste. (Wortbeitrag)");
    await list.getByText("So entsteht die Reihenfolge").click();
    await expect.poll(() => list.textContent()).toContain("Das Wort wird in der Reihenfolge der Meldungen erteilt.");
    await harness.capture(phone, "speakers-phone-german");
    await phone.getByLabel("Sprache").selectOption("en");
    const widths = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
    await phone.context().close();
  });

  it("lets a chair run two speakers with the clock running on the console and the projector", async () => {
    const chair = await chairPage(`/admin/events/${eventId}/speakers`);
    const list = chair.getByTestId(`chair-speakers-${listId}`);
    await expect.poll(() => list.isVisible(), { timeout: 10_000 }).toBe(true);
    const queue = list.getByTestId("speaker-queue");
    await expect.poll(() => queue.locator("li").count()).toBe(2);

    // Ana is added by the chair from the roll.
    await list.getByLabel("Search").fill("Ana");
    await expect.poll(() => list.getByLabel("Participant").locator("option").allTextContents()).toEqual(["Ana Núñez"]);
    await list.getByRole("button", { name: "Add to the list" }).click();
    await expect.poll(() => queue.locator("li").count()).toBe(3);
    await list.getByRole("listitem").filter({ hasText: "Ana Núñez" }).getByRole("button", { name: "Move up" }).click();
    await expect.poll(async () => (await queue.locator(".name").allTextContents())[1]).toBe("Ana Núñez");

    const projector = await chairPage(`/projector/${eventId}`);
    await list.getByRole("button", { name: "Give the floor to the next" }).click();
    await expect.poll(() => list.getByTestId("current-speaker").textContent()).toBe("Jörg Äbersold");
    const clock = list.getByTestId("speaker-clock");
    const first = await clock.textContent();
    expect(first).toMatch(/^[23]:\d\d$/);
    await expect.poll(() => clock.textContent(), { timeout: 4000 }).not.toBe(first);
    await expect.poll(() => projector.getByTestId("projector-current").textContent(), { timeout: 10_000 }).toBe("Jörg Äbersold");
    await expect.poll(() => projector.getByTestId("projector-next").locator("li").allTextContents()).toEqual(["Ana Núñez", "Zoë Özdemir"]);
    await expect.poll(() => projector.getByTestId("speaker-clock").isVisible()).toBe(true);
    await harness.screenshot(projector, "speakers-projector");

    await list.getByRole("button", { name: "Give the floor to the next" }).click();
    await expect.poll(() => list.getByTestId("current-speaker").textContent()).toBe("Ana Núñez");
    await expect.poll(() => projector.getByTestId("projector-current").textContent()).toBe("Ana Núñez");
    await list.getByRole("button", { name: "End the speech" }).click();
    await expect.poll(() => list.textContent()).toContain("2 speeches finished");
    await expect.poll(() => list.getByTestId("current-speaker").count()).toBe(0);
    await harness.capture(chair, "speakers-console");

    const entries = (await listOf()).entries;
    const done = entries.filter((entry: { state: string }) => entry.state === "done");
    expect(done.map((entry: { participantId: string }) => entry.participantId)).toEqual([people[0]!.id, people[2]!.id]);
    for (const entry of done) expect(entry.spokenMs).toBeGreaterThan(0);
    await chair.context().close();
    await projector.context().close();
  });
});
