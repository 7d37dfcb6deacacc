import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserHarness } from "./browser-harness.ts";

/**
 * A voter on a phone checks "my ballot was counted" with the receipt code
 * the phone showed, and finds it among the published codes once the secret
 * vote has closed; a wrong code is said to be not found.
 */
describe("receipts on the phone", () => {
  let harness: BrowserHarness;
  let chair: Page;

  beforeAll(async () => {
    harness = await BrowserHarness.start();
    chair = await harness.signedInChair();
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  /** The chair's API calls from the signed-in console's own origin, as the console makes them. */
  const api = (method: string, path: string, body?: unknown): Promise<any> =>
    chair.evaluate(
      async ({ method, path, body }) => {
        const response = await fetch(path, {
          method,
          headers: body === undefined ? {} : { "content-type": "application/json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
        return response.json();
      },
      { method, path, body },
    );

  it("shows a voter that their ballot was counted and that their receipt is in the published list", async () => {
    const { event } = await api("POST", "/api/events", { name: "Landesparteitag Würzburg", timezone: "Europe/Berlin" });
    const { item } = await api("POST", `/api/events/${event.id}/agenda`, { title: "Wahlen" });
    const { participant } = await api("POST", `/api/events/${event.id}/participants`, {
      name: "Jürgen Größe",
      email: "juergen@example.org",
    });
    const { token } = await api("POST", `/api/events/${event.id}/participants/${participant.id}/invitation`);
    await api("POST", `/api/events/${event.id}/open`);
    const { poll } = await api("POST", `/api/events/${event.id}/polls`, {
      agendaItemId: item.id,
      title: "Geheime Abstimmung über den Haushalt",
      kind: "yes_no_abstain",
      secret: true,
    });
    await api("POST", `/api/events/${event.id}/polls/${poll.id}/open`);

    const phone = await (
      await harness.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    ).newPage();
    await phone.goto(`${harness.url}/join#${encodeURIComponent(token)}`);
    await phone.waitForURL(`${harness.url}/p`);
    await phone.getByRole("heading", { name: "Geheime Abstimmung über den Haushalt" }).waitFor();
    await phone.getByRole("button", { name: "Yes", exact: true }).click();
    await phone.getByRole("dialog", { name: "Confirm your vote" }).getByRole("button", { name: "Cast vote" }).click();
    const receipt = (await phone.locator(".voted .receipt").textContent())?.trim() ?? "";
    expect(receipt).toMatch(/^[A-Z2-7]{24}$/);

    const check = phone.getByRole("region", { name: "Check your receipt" });
    await expect.poll(() => check.textContent()).toContain("It proves that your ballot was counted");
    await check.getByLabel("Receipt code").fill("AAAA AAAA AAAA AAAA AAAA AAAA");
    await check.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => phone.getByTestId("receipt-answer").textContent()).toContain("Not found");
    await check.getByRole("button", { name: /Geheime Abstimmung über den Haushalt/ }).click();
    expect(await check.getByLabel("Receipt code").inputValue()).toBe(receipt);
    await check.getByRole("button", { name: "Check" }).click();
    await expect
      .poll(() => phone.getByTestId("receipt-answer").textContent())
      .toBe("Counted: your ballot in “Geheime Abstimmung über den Haushalt” is in the count.");

    await api("POST", `/api/events/${event.id}/polls/${poll.id}/close`);
    await phone.getByText("Published receipt codes").click();
    await expect.poll(() => phone.getByTestId("receipt-listed").textContent()).toBe(`✓ Your receipt ${receipt} is in the list.`);
    await expect.poll(() => phone.locator(".receipt-hashes li").count()).toBe(1);
    await harness.capture(phone, "participant-receipts");

    // The same page in German, as a German voter reads it.
    await phone.getByLabel("Language").selectOption("de");
    await expect
      .poll(() => phone.getByRole("region", { name: "Beleg prüfen" }).textContent())
      .toContain("Er belegt, dass Ihr Stimmzettel gezählt wurde");
  }, 60_000);
});
