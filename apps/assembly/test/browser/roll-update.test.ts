import { join } from "node:path";
import type { APIRequestContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, BrowserHarness, repoRoot } from "./browser-harness.ts";

/**
 * A chair re-imports the corrected member list: the console previews what
 * changes (new, changed field by field, removed, kept because on record),
 * applies exactly that, and a participant added by mistake is removed after
 * a confirmation. The preview's screenshot is the one the README shows.
 */
const first = "Name;E-Mail;Stimmgewicht\nJürgen Groß;juergen@example.org;1\nAnke Weiß;anke@example.org;1\nTom Irrtum;tom@example.org;1\n";
const corrected =
  "Name;E-Mail;Stimmgewicht\nJürgen Groß;juergen@example.org;3\nAnke Weiß;anke@example.org;1\nBirte Öhler;birte@example.org;1\n";

describe("roll update in the browser", () => {
  let harness: BrowserHarness;
  let chair: Page;
  let api: APIRequestContext;
  let eventId = "";

  beforeAll(async () => {
    harness = await BrowserHarness.start();
    const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(8000);
    api = context.request;
    expect((await api.post(`${harness.url}/api/admin/login`, { data: ADMIN })).status()).toBe(200);
    const created = await api.post(`${harness.url}/api/events`, { data: { name: "Landesparteitag" } });
    eventId = ((await created.json()) as { event: { id: string } }).event.id;
    const imported = await api.post(`${harness.url}/api/events/${eventId}/participants/import`, {
      headers: { "content-type": "text/csv" },
      data: first,
    });
    expect(imported.status()).toBe(200);
    chair = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  it("previews the corrected list, applies it, and removes a participant after confirming", async () => {
    await chair.goto(`${harness.url}/admin/events/${eventId}/participants`);
    // The page's icon is served, not a 404 in every browser tab.
    const icon = await api.get(new URL((await chair.locator("link[rel=icon]").getAttribute("href")) ?? "", harness.url).href);
    expect([icon.status(), icon.headers()["content-type"]]).toEqual([200, "image/svg+xml"]);
    await chair.getByLabel("The whole list: update the participants").check();
    await chair.getByLabel("Remove participants who are not in the file").check();
    await chair.getByLabel("CSV file").setInputFiles({ name: "mitglieder.csv", mimeType: "text/csv", buffer: Buffer.from(corrected) });
    await chair.getByRole("button", { name: "Check the file" }).click();
    const preview = chair.getByTestId("roll-preview");
    await preview.getByText("1 new · 1 changed · 1 unchanged · 1 to remove · 0 not in the file, kept").waitFor();
    expect(await preview.getByRole("region", { name: "Changed (1)" }).textContent()).toContain("Jürgen Groß");
    expect(await preview.getByRole("region", { name: "To remove (1)" }).textContent()).toContain("Tom Irrtum");
    await harness.capture(chair, "admin-import-preview");
    await chair.locator("form.import").screenshot({ path: join(repoRoot, "docs/img/import-preview.png") });
    // Nothing changed yet.
    await chair.getByText("tom@example.org").first().waitFor();

    await chair.getByRole("button", { name: "Apply these changes" }).click();
    await chair.getByTestId("import-result").getByText("1 added, 1 changed, 1 removed.").waitFor();
    const list = chair.locator("table");
    await list.getByText("Birte Öhler").waitFor();
    await expect.poll(() => list.getByText("Tom Irrtum").count()).toBe(0);

    await chair.getByRole("button", { name: "Edit Birte Öhler" }).click();
    await chair.getByRole("button", { name: "Remove participant" }).click();
    await chair.getByText("Remove Birte Öhler from this event?").waitFor();
    await chair.getByRole("button", { name: "Yes, remove" }).click();
    await expect.poll(() => list.getByText("Birte Öhler").count()).toBe(0);
  }, 60_000);

  it("lists a refused file's row errors in the console's language", async () => {
    const context = await harness.browser.newContext({ locale: "de-DE" });
    context.setDefaultTimeout(8000);
    expect((await context.request.post(`${harness.url}/api/admin/login`, { data: ADMIN })).status()).toBe(200);
    const german = await context.newPage();
    await german.goto(`${harness.url}/admin/events/${eventId}/participants`);
    const bad = "Name;E-Mail;Stimmgewicht\nNeu;neu@example.org;1,5\n";
    await german.getByLabel("CSV-Datei").setInputFiles({ name: "fehler.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
    await german.getByRole("button", { name: "Importieren" }).click();
    const rowError = german.locator(".row-errors li").first();
    await rowError.waitFor();
    expect(await rowError.textContent()).toBe("Zeile 2, weight: Stimmgewicht „1,5“ ist keine ganze Zahl");
    await context.close();
  }, 30_000);
});
