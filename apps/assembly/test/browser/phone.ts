import type { Page } from "playwright-core";
import type { BrowserHarness } from "./browser-harness.ts";

/** A participant's phone: 390 px wide, touch. */
export async function phonePage(harness: BrowserHarness): Promise<Page> {
  const context = await harness.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  context.setDefaultTimeout(8000);
  return context.newPage();
}

/**
 * A participant opens their invitation link (as the API returned it) on
 * `page`, and, where only those present vote, says they are here.
 */
export async function joinByInvitation(harness: BrowserHarness, page: Page, link: string, name: string, present = false): Promise<void> {
  await page.goto(`${harness.url}/join${new URL(link).hash}`);
  await page.getByText(`Signed in as ${name}`).waitFor();
  if (!present) return;
  await page.getByRole("button", { name: "I am here" }).click();
  await page.getByText("You are checked in as present").waitFor();
}
