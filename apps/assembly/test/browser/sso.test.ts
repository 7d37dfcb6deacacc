import type { APIRequestContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestOidcProvider } from "../sso/test-provider.ts";
import { ADMIN, BrowserHarness } from "./browser-harness.ts";

/**
 * A chair turns single sign-on on in the console; a member opens the
 * event's join page, signs in on the provider's own login page
 * (authorization code flow with PKCE) and lands in the participant app; a
 * member who is not on the list comes back to the join page with the reason.
 */
describe("single sign-on in the browser", () => {
  let provider: TestOidcProvider;
  let harness: BrowserHarness;
  let chair: Page;
  let api: APIRequestContext;
  let eventId = "";

  beforeAll(async () => {
    provider = await TestOidcProvider.start();
    harness = await BrowserHarness.start({ oidc: provider.settings() });
    provider.register(`${harness.url}/api/sso/callback`);
    provider.addMember("anna", { email: "anna@example.org", email_verified: true });
    provider.addMember("stranger", { email: "stranger@example.org", email_verified: true });
    const context = await harness.browser.newContext();
    context.setDefaultTimeout(8000);
    api = context.request;
    expect((await api.post(`${harness.url}/api/admin/login`, { data: ADMIN })).status()).toBe(200);
    chair = await context.newPage();
    const created = await api.post(`${harness.url}/api/events`, { data: { name: "Party Congress" } });
    eventId = ((await created.json()) as { event: { id: string } }).event.id;
    const imported = await api.post(`${harness.url}/api/events/${eventId}/participants/import`, {
      headers: { "content-type": "text/csv" },
      data: "name,email\nAnna Adler,anna@example.org\nBodo Bauer,bodo@example.org\n",
    });
    expect(imported.status()).toBe(200);
    expect((await api.post(`${harness.url}/api/events/${eventId}/open`)).status()).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
    await provider?.close();
  });

  /** A member's own browser, fresh (no cookies), closed after `visit`. */
  async function asMember(visit: (page: Page) => Promise<void>): Promise<void> {
    const context = await harness.browser.newContext();
    context.setDefaultTimeout(8000);
    try {
      await visit(await context.newPage());
    } finally {
      await context.close();
    }
  }

  it("a chair enables it in the event's settings", async () => {
    await chair.goto(`${harness.url}/admin/events/${eventId}/setup`);
    await chair.getByRole("heading", { name: "Single sign-on" }).waitFor();
    await chair.getByText("Members sign in at Party Members.", { exact: false }).waitFor();
    await chair.getByLabel("Participants may sign in through the member database").check();
    await chair.getByLabel("Their verified e-mail address").check();
    await chair.getByRole("button", { name: "Save sign-on settings" }).click();
    await chair.getByText("Sign-on settings saved.").waitFor();
    expect(await chair.getByTestId("sso-join-address").textContent()).toBe(`${harness.url}/join?event=${eventId}`);
    await harness.capture(chair, "admin-sso-settings");
  });

  it("a member signs in through the provider's login page into the participant app", async () => {
    await asMember(async (page) => {
      await page.goto(`${harness.url}/join?event=${eventId}`);
      const signIn = page.getByRole("link", { name: "Sign in with Party Members" });
      await signIn.waitFor();
      await harness.capture(page, "join-sso");
      await signIn.click();
      await page.waitForURL((url) => url.origin === provider.issuer);
      const authorization = new URL(page.url());
      expect(authorization.pathname).toMatch(/^\/interaction\//);
      await page.locator('input[name="login"]').fill("anna");
      await page.locator('input[name="password"]').fill("whatever");
      await page.getByRole("button", { name: "Sign-in" }).click();
      await page.waitForURL(`${harness.url}/p`);
      await page.getByText("Signed in as Anna Adler").waitFor();
      const cookies = await page.context().cookies(harness.url);
      expect(cookies.find((cookie) => cookie.name === "plenum_participant")).toMatchObject({ httpOnly: true, sameSite: "Lax" });
      expect(cookies.find((cookie) => cookie.name === "plenum_sso")).toBeUndefined();
    });
    const audit = await (await api.get(`${harness.url}/api/events/${eventId}/audit`)).json();
    expect((audit.entries as { action: string; after: unknown }[]).filter((entry) => entry.action === "participant.sso_sign_in")).toEqual([
      expect.objectContaining({ after: { via: "oidc", provider: "Party Members", providerSubject: "anna", match: "email" } }),
    ]);
  });

  it("a member not on the list comes back to the join page with the reason, in German too", async () => {
    await asMember(async (page) => {
      await page.goto(`${harness.url}/join?event=${eventId}`);
      await page.getByRole("link", { name: "Sign in with Party Members" }).click();
      await page.locator('input[name="login"]').fill("stranger");
      await page.locator('input[name="password"]').fill("whatever");
      await page.getByRole("button", { name: "Sign-in" }).click();
      await page.waitForURL((url) => url.pathname === "/join" && url.searchParams.get("error") === "sso_no_match");
      await page.getByRole("alert").getByText("you are not on the list of participants of this assembly", { exact: false }).waitFor();
      await harness.capture(page, "join-sso-no-match");
      await page.getByLabel("Language").selectOption("de");
      await page.getByRole("alert").getByText("stehen aber nicht auf der Teilnehmerliste", { exact: false }).waitFor();
      await page.getByRole("link", { name: "Mit Party Members anmelden" }).waitFor();
    });
  });
});

describe("single sign-on on a server without a provider", () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await BrowserHarness.start();
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  it("the chairs' settings say it is not configured, and the join page offers none", async () => {
    const context = await harness.browser.newContext();
    context.setDefaultTimeout(8000);
    expect((await context.request.post(`${harness.url}/api/admin/login`, { data: ADMIN })).status()).toBe(200);
    const created = await context.request.post(`${harness.url}/api/events`, { data: { name: "Local Meeting" } });
    const eventId = ((await created.json()) as { event: { id: string } }).event.id;
    const page = await context.newPage();
    await page.goto(`${harness.url}/admin/events/${eventId}/setup`);
    await page.getByTestId("sso-not-configured").getByText("Single sign-on is not configured on this server", { exact: false }).waitFor();
    await harness.capture(page, "admin-sso-not-configured");
    await page.goto(`${harness.url}/join?event=${eventId}`);
    await page.getByRole("button", { name: "Send my link" }).waitFor();
    expect(await page.getByTestId("sso-sign-in").count()).toBe(0);
    await context.close();
  });
});
