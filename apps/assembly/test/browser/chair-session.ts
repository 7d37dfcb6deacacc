import type { APIRequestContext, Page } from "playwright-core";
import { expect } from "vitest";
import { ADMIN, type BrowserHarness } from "./browser-harness.ts";

/** Calls `/api<path>` as the signed-in chair and returns the answer's JSON; a refusal fails the test with the server's text. */
export type ApiCall = <T>(method: "get" | "post" | "patch", path: string, data?: unknown) => Promise<T>;

/**
 * The bootstrap chair signed in over the API: their window (sharing the
 * session cookie) and the API as the chair's scripts would use it, to set a
 * scene quickly.
 */
export async function chairSession(harness: BrowserHarness): Promise<{ chair: Page; api: APIRequestContext; call: ApiCall }> {
  const context = await harness.browser.newContext();
  context.setDefaultTimeout(8000);
  const api = context.request;
  expect((await api.post(`${harness.url}/api/admin/login`, { data: ADMIN })).status()).toBe(200);
  const call: ApiCall = async <T>(method: "get" | "post" | "patch", path: string, data?: unknown) => {
    const response = await api[method](`${harness.url}/api${path}`, data === undefined ? {} : { data });
    expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  };
  return { chair: await context.newPage(), api, call };
}
