import type { APIRequestContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, BrowserHarness } from "./browser-harness.ts";

/**
 * A hybrid vote: two delegates vote on their phones (over the API, as their
 * phones would), the hall votes on paper. The chair names one paper voter,
 * closes the vote, enters the tellers' count in the console, confirms the sum
 * and publishes; the projector shows the result with its paper part marked.
 * Then an election: two phone ballots, the tellers' count entered after
 * closing, and the result counted from both.
 */
describe("paper votes in the browser", () => {
  let harness: BrowserHarness;
  let chair: Page;
  let api: APIRequestContext;
  let eventId = "";

  async function call<T>(method: "get" | "post", path: string, data?: unknown, token?: string): Promise<T> {
    const response = await api[method](`${harness.url}/api${path}`, {
      ...(data === undefined ? {} : { data }),
      ...(token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }),
    });
    expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  }

  beforeAll(async () => {
    harness = await BrowserHarness.start();
    const context = await harness.browser.newContext();
    context.setDefaultTimeout(8000);
    api = context.request;
    expect((await api.post(`${harness.url}/api/admin/login`, { data: ADMIN })).status()).toBe(200);
    chair = await context.newPage();
    eventId = (await call<{ event: { id: string } }>("post", "/events", { name: "Hall Congress" })).event.id;
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  it("lets a chair enter paper results, confirm the sum, and the projector show it marked", async () => {
    const agendaItemId = (await call<{ item: { id: string } }>("post", `/events/${eventId}/agenda`, { title: "Motions" })).item.id;
    const names = ["Anke Adler", "Bernd Bauer", "Carla Christ", "Dieter Dorn", "Eva Engel", "Frank Fuchs"];
    const ids: string[] = [];
    for (const name of names) {
      const email = `${name.split(" ")[0]!.toLowerCase()}@example.org`;
      ids.push((await call<{ participant: { id: string } }>("post", `/events/${eventId}/participants`, { name, email })).participant.id);
    }
    await call("post", `/events/${eventId}/open`);
    const { poll } = await call<{ poll: { id: string } }>("post", `/events/${eventId}/polls`, {
      agendaItemId,
      title: "Budget 2027",
      kind: "yes_no_abstain",
    });
    await call("post", `/events/${eventId}/polls/${poll.id}/open`);
    for (const [index, choice] of [
      [0, "yes"],
      [1, "no"],
    ] as const) {
      const { token } = await call<{ token: string }>("post", `/events/${eventId}/participants/${ids[index]}/invitation`);
      await call(
        "post",
        `/participant/polls/${poll.id}/ballots`,
        { ballotId: `phone-ballot-${index}-0123456789`, choice: { kind: "options", optionIds: [choice] } },
        token,
      );
    }

    await chair.goto(`${harness.url}/admin/events/${eventId}/polls`);
    const row = chair.locator(`[data-poll-id="${poll.id}"]`);
    await row.getByRole("button", { name: "Enter paper results" }).click();
    await row.getByText("The paper count can be entered once voting is closed.").waitFor();
    await row.getByLabel("Find participant").fill("Carla");
    await row.getByLabel("Their vote").selectOption("yes");
    await row.getByRole("button", { name: "Find participant" }).click();
    await row.getByRole("button", { name: "Voted on paper: Carla Christ" }).click();
    await row.getByTestId("paper-voters").getByText("Carla Christ (weight 1) · Yes").waitFor();

    await row.getByRole("button", { name: "Close voting" }).click();
    await chair.getByRole("dialog").getByRole("button", { name: "Close voting" }).click();
    await row.getByRole("heading", { name: "Paper count" }).waitFor();
    const fill = async (label: string, value: number) => row.getByLabel(label, { exact: true }).fill(String(value));
    await fill("Paper voters: ballots", 3);
    await fill("Paper voters: weight", 3);
    await fill("Yes: ballots", 2);
    await fill("Yes: weight", 2);
    await fill("No: ballots", 0);
    await fill("No: weight", 0);
    await fill("Invalid (paper): ballots", 1);
    await fill("Invalid (paper): weight", 1);
    await row.getByRole("button", { name: "Check and save paper count" }).click();
    const dialog = chair.getByRole("dialog", { name: "Save this paper count?" });
    expect(await dialog.getByTestId("paper-summary").textContent()).toBe(
      "Voters: 2 online + 4 on paper = 6 of 6 entitled (weight 2 + 4 = 6).",
    );
    await harness.capture(chair, "admin-paper-confirm");
    await dialog.getByRole("button", { name: "Save paper count" }).click();
    await expect.poll(() => row.getByTestId("paper-included").textContent()).toContain("2 voted online, 4 on paper");
    expect(await row.getByTestId("paper-part").allTextContents()).toEqual([
      "online 1 · paper 3",
      "online 1 · paper 0",
      "online 0 · paper 0",
      "online 0 · paper 1",
    ]);

    // Too many paper ballots: refused in the chair's words, the saved count stays.
    await fill("Paper voters: ballots", 5);
    await fill("Paper voters: weight", 5);
    await fill("Yes: ballots", 4);
    await fill("Yes: weight", 4);
    await row.getByRole("button", { name: "Check and save paper count" }).click();
    await dialog.getByRole("button", { name: "Save paper count" }).click();
    await row
      .getByText("Online and paper votes together would exceed the voters entitled when the vote opened.", { exact: false })
      .waitFor();
    await harness.capture(chair, "admin-paper-results");

    const projectorContext = await harness.browser.newContext({ storageState: await chair.context().storageState() });
    const projector = await projectorContext.newPage();
    await projector.goto(`${harness.url}/projector/${eventId}`);
    await row.getByRole("button", { name: "Publish result" }).click();
    const result = projector.getByTestId("projector-result");
    await result.waitFor({ timeout: 5000 });
    await expect.poll(() => result.getByTestId("paper-included").textContent()).toContain("2 voted online, 4 on paper");
    expect(await result.locator(".result-row").first().textContent()).toContain("online 1 · paper 3");
    expect(await result.locator("figcaption").textContent()).toContain("6 of 6 people voted");
    await harness.capture(projector, "projector-paper-result");
    await projectorContext.close();
  }, 60_000);

  it("lets a chair enter an election's paper count, confirm the sum, and the result count it, marked", async () => {
    const agendaItemId = (await call<{ item: { id: string } }>("post", `/events/${eventId}/agenda`, { title: "Elections" })).item.id;
    const { election } = await call<{ election: { id: string } }>("post", `/events/${eventId}/elections`, {
      agendaItemId,
      title: "Treasurer",
      method: { kind: "single_choice" },
      candidates: [{ name: "Alma Aster" }, { name: "Bruno Birke" }],
    });
    await call("post", `/events/${eventId}/elections/${election.id}/open`);
    const participants = await call<{ items: { id: string }[] }>("get", `/events/${eventId}/participants`);
    for (const [index, candidateId] of ["c1", "c2"].entries()) {
      const { token } = await call<{ token: string }>(
        "post",
        `/events/${eventId}/participants/${participants.items[index]!.id}/invitation`,
      );
      await call(
        "post",
        `/participant/elections/${election.id}/ballots`,
        { ballotId: `phone-election-${index}-0123456789`, choice: { kind: "single", candidateId } },
        token,
      );
    }
    await call("post", `/events/${eventId}/elections/${election.id}/close`);

    await chair.goto(`${harness.url}/admin/events/${eventId}/elections`);
    const row = chair.locator(`[data-election-id="${election.id}"]`);
    // One vote each online: nobody has more than half, the result asks for a runoff.
    await row.getByText("No candidate reached the required majority: a runoff is needed.").waitFor();
    await row.getByRole("button", { name: "Enter paper results" }).click();
    await row.getByText("No paper ballots entered yet.").waitFor();
    const fill = async (label: string, value: number) => row.getByLabel(label, { exact: true }).fill(String(value));
    await fill("Paper voters: ballots", 3);
    await fill("Paper voters: weight", 3);
    await fill("Bruno Birke, votes: ballots", 2);
    await fill("Bruno Birke, votes: weight", 2);
    await fill("Invalid: ballots", 1);
    await fill("Invalid: weight", 1);
    await row.getByRole("button", { name: "Check and save paper ballots" }).click();
    const dialog = chair.getByRole("dialog", { name: "Count these paper ballots with the online ones?" });
    expect(await dialog.getByTestId("election-paper-summary").textContent()).toBe(
      "Ballots: 2 online + 3 on paper = 5 of 6 entitled (weight 2 + 3 = 5). Tie decisions made so far are dropped: the new totals are counted afresh.",
    );
    await dialog.getByRole("button", { name: "Save and count again" }).click();
    await expect
      .poll(() => row.getByTestId("election-paper").textContent())
      .toBe("Of these, 3 on paper (weight 3), counted by the tellers and entered by a chair.");
    expect(await row.locator("ol.elected li").allTextContents()).toEqual(["Bruno Birke"]);
    expect(await row.locator("table.election-totals tbody tr").allTextContents()).toEqual(["Alma Aster1", "Bruno Birke3"]);
    await row.getByTestId("election-paper-entered").getByText("counted into the result above", { exact: false }).waitFor();
    await harness.capture(chair, "admin-election-paper");

    // A count that cannot be right is refused in the chair's words; the saved one stays.
    await fill("Bruno Birke, votes: ballots", 3);
    await fill("Bruno Birke, votes: weight", 3);
    await row.getByRole("button", { name: "Check and save paper ballots" }).click();
    await dialog.getByRole("button", { name: "Save and count again" }).click();
    await row.getByText("The paper counts do not add up", { exact: false }).waitFor();
    expect(await row.locator("ol.elected li").allTextContents()).toEqual(["Bruno Birke"]);
  }, 60_000);
});
