import type { APIRequestContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserHarness } from "./browser-harness.ts";
import { type ApiCall, chairSession } from "./chair-session.ts";
import { createMotionInConsole, fileAmendment, goToSection, moveThrough, openMotion, runVote } from "./motion-flows.ts";
import { joinByInvitation, phonePage } from "./phone.ts";

/**
 * The motion book in the browser: a participant reading and supporting on a
 * phone, submitting their own once the chair allows it; a chair running a
 * motion with two amendments through a vote. The event is set up over the
 * API; the browser does what a chair and a phone do.
 */
const people = [
  { name: "Alice Arendt", email: "alice@example.org" },
  { name: "Bruno Brandt", email: "bruno@example.org" },
] as const;
const text = "The assembly resolves to plant trees in every town square of the region this year.\n\nIt asks the board to report back.";

describe("motions in the browser", () => {
  let harness: BrowserHarness;
  let chair: Page;
  let phone: Page;
  let api: APIRequestContext;
  let eventId = "";

  let session: ApiCall;
  const call = <T>(method: "get" | "post" | "patch", path: string, data?: unknown): Promise<T> =>
    session<T>(method, `/events/${eventId}${path}`, data);

  beforeAll(async () => {
    harness = await BrowserHarness.start();
    ({ chair, api, call: session } = await chairSession(harness));
    eventId = (
      (await (await api.post(`${harness.url}/api/events`, { data: { name: "Autumn Congress" } })).json()) as { event: { id: string } }
    ).event.id;
    await call("post", "/agenda", { title: "Motions" });
    const csv = ["name,email", ...people.map((person) => `${person.name},${person.email}`)].join("\n");
    const imported = await api.post(`${harness.url}/api/events/${eventId}/participants/import`, {
      headers: { "content-type": "text/csv" },
      data: csv,
    });
    expect(imported.status()).toBe(200);
    await call("post", "/open");

    phone = await phonePage(harness);
    const found = await call<{ items: { id: string }[] }>("get", `/participants?search=${encodeURIComponent(people[0].email)}`);
    const { link } = await call<{ link: string }>("post", `/participants/${found.items[0]!.id}/invitation`);
    await joinByInvitation(harness, phone, link, people[0].name);
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  it("lets a participant read a motion on the phone, support it once, propose an amendment and submit a motion when the chair allows it", async () => {
    await call("post", "/motions", {
      number: "B1",
      title: "Benches",
      text: "Every park gets **benches**.\n\n- one at each gate\n- one by the pond",
      reason: "People *rest*.",
      submitters: [{ kind: "name", name: "Board" }],
      minSupporters: 1,
    });
    const motions = phone.getByRole("region", { name: "Motions" });
    await motions.getByRole("button", { name: "Show the motions" }).click();
    await motions.getByRole("button", { name: /B1: Benches/ }).click();
    const reader = phone.getByRole("article", { name: /B1: Benches/ });
    await reader.getByRole("list", { name: "Text" }).waitFor();
    await expect.poll(() => reader.locator(".line").count()).toBe(3);
    expect(await reader.locator(".line strong").textContent()).toBe("benches");
    expect(await reader.locator(".line").nth(1).textContent()).toContain("2• one at each gate");
    await reader.getByRole("button", { name: "Support this motion" }).click();
    await expect.poll(() => reader.getByTestId("supporters").textContent()).toContain("Supporters: 1");
    await reader.getByRole("button", { name: "Withdraw my support" }).waitFor();
    await harness.capture(phone, "participant-motion");
    // Fits the phone: nothing scrolls sideways.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await call("patch", "/motion-settings", { participantAmendments: true });
    await reader.getByRole("button", { name: "Propose an amendment" }).click();
    const propose = phone.getByRole("form", { name: "Propose an amendment" });
    await propose.getByLabel("From line").fill("2");
    await propose.getByLabel("To line").fill("2");
    const replacement = propose.getByLabel("Replacement (empty deletes the lines)");
    await expect.poll(() => replacement.inputValue()).toBe("- one at each gate");
    await replacement.fill("- one at each gate and door");
    await propose.getByRole("button", { name: "File amendment" }).click();
    await expect.poll(() => reader.getByTestId("change-view").locator("ins").textContent()).toBe(" and door");
    await reader.getByText(`Submitted by ${people[0].name}`).last().waitFor();

    await reader.getByRole("button", { name: "← All motions" }).click();
    expect(await motions.getByRole("button", { name: "Submit a motion" }).count()).toBe(0);
    await call("patch", "/motion-settings", { participantMotions: true });
    await motions.getByRole("button", { name: "Submit a motion" }).click();
    const form = phone.getByRole("form", { name: "Submit a motion" });
    await form.getByLabel("Title").fill("Water fountains");
    await form.getByLabel("Text", { exact: true }).fill("Every square gets a fountain.");
    await form.getByRole("button", { name: "Submit" }).click();
    const own = phone.getByRole("article", { name: /Water fountains/ });
    await own.getByText(`Submitted by ${people[0].name}`).waitFor();
    expect(await own.getByRole("button", { name: "Support this motion" }).count()).toBe(0);
  }, 60_000);

  it("runs a motion with two amendments through a vote: change views, the published result accepting one, the final text", async () => {
    await chair.goto(`${harness.url}/admin/events/${eventId}/motions`);
    const trees = { number: "A1", title: "Trees" };
    const detail = await createMotionInConsole(chair, { ...trees, text, submitters: "Board\nNorth chapter", agendaItem: "Motions" });
    await expect.poll(() => detail.locator(".numbered-lines .line").count()).toBe(3);

    const a1 = await fileAmendment(detail, {
      number: "Ä1",
      line: 1,
      replacement: (prefilled) => prefilled.replace("trees", "oaks"),
      submitter: "Youth",
    });
    const a2 = await fileAmendment(detail, {
      number: "Ä2",
      line: 3,
      replacement: (prefilled) => prefilled.replace("back.", "back in writing."),
      submitter: "South",
    });
    expect(await a1.locator("del").textContent()).toBe("trees");
    expect(await a1.locator("ins").textContent()).toBe("oaks");

    await detail.getByRole("button", { name: "Add recommendation" }).first().click();
    await detail.getByLabel("Recommended by").fill("Committee");
    await detail.locator("select[name=kind]").selectOption("accept_amended");
    await detail.getByLabel("Addition (e.g. “with A2”)").fill("with Ä2");
    await detail.getByRole("button", { name: "Save" }).click();
    await detail.getByText("Committee: Accept in amended form (with Ä2)").first().waitFor();

    await moveThrough(chair, a2, "Ä2", ["Admitted", "In debate", "Put to the vote"]);
    await a2.getByRole("button", { name: "Create a vote on this amendment" }).click();
    await detail.getByText("Ä2 (A1: Trees) · Draft").waitFor();
    await harness.capture(chair, "admin-motion");

    await runVote(chair, "Ä2 (A1: Trees)", [{ phone, choice: "Yes" }]);

    await goToSection(chair, "Motions");
    const after = await openMotion(chair, trees);
    await after.getByRole("article", { name: /^Ä2/ }).locator(".pill", { hasText: "Accepted" }).waitFor();
    await expect.poll(() => after.getByTestId("final-text").textContent()).toContain("It asks the board to report back in writing.");
    expect(await after.getByTestId("final-text").textContent()).toContain("plant trees");
    await after.getByText("Ä2 (A1: Trees) · Published").waitFor();
    await harness.capture(chair, "admin-motion-final");
  }, 90_000);
});
