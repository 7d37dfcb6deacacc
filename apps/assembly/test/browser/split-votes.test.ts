import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserHarness } from "./browser-harness.ts";
import { type ApiCall, chairSession } from "./chair-session.ts";
import { phonePage } from "./phone.ts";

/**
 * A delegate holding the weight of 100 members splits their vote on the
 * phone, "70 yes, 30 no": the form says what is left to divide and casts
 * only once the parts add up; the published result shows both parts. An
 * election that allows splitting takes a split the same way.
 */
describe("split votes on the phone", () => {
  let harness: BrowserHarness;
  let call: ApiCall;

  beforeAll(async () => {
    harness = await BrowserHarness.start();
    ({ call } = await chairSession(harness));
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  it("lets a weighted delegate split a poll vote, refusing to cast until the parts add up, shows the split in the result, and splits an election vote alike", async () => {
    const { event } = await call<{ event: { id: string } }>("post", "/events", {
      name: "Bundesdelegiertenversammlung",
      timezone: "Europe/Berlin",
    });
    const { item } = await call<{ item: { id: string } }>("post", `/events/${event.id}/agenda`, { title: "Anträge" });
    const { participant } = await call<{ participant: { id: string } }>("post", `/events/${event.id}/participants`, {
      name: "Delegierte Nord",
      email: "nord@example.org",
    });
    await call("patch", `/events/${event.id}/participants/${participant.id}`, { weight: 100 });
    const { token } = await call<{ token: string }>("post", `/events/${event.id}/participants/${participant.id}/invitation`);
    await call("post", `/events/${event.id}/open`);
    const { poll } = await call<{ poll: { id: string } }>("post", `/events/${event.id}/polls`, {
      agendaItemId: item.id,
      title: "Antrag auf Satzungsänderung",
      kind: "yes_no_abstain",
      allowSplit: true,
    });
    await call("post", `/events/${event.id}/polls/${poll.id}/open`);

    const phone = await phonePage(harness);
    await phone.goto(`${harness.url}/join#${encodeURIComponent(token)}`);
    await phone.waitForURL(`${harness.url}/p`);
    await phone.getByRole("heading", { name: "Antrag auf Satzungsänderung" }).waitFor();
    await phone.getByRole("button", { name: "Split my vote" }).click();
    const split = phone.getByRole("group", { name: "Divide the weight of 100 between the choices" });
    const left = phone.getByTestId("split-left");
    const cast = phone.getByRole("button", { name: "Cast split vote" });
    await split.getByLabel("Yes").fill("70");
    await expect.poll(() => left.textContent()).toBe("30 of 100 still to divide");
    expect(await cast.isDisabled()).toBe(true);
    await split.getByLabel("No").fill("40");
    await expect.poll(() => left.textContent()).toBe("10 more than 100: take some back");
    expect(await cast.isDisabled()).toBe(true);
    await split.getByLabel("No").fill("30");
    await expect.poll(() => left.textContent()).toBe("All 100 divided");
    await harness.capture(phone, "phone-split-vote");
    await cast.click();
    const dialog = phone.getByRole("dialog", { name: "Confirm your vote" });
    expect(await dialog.locator(".confirm-choice").textContent()).toBe("70 Yes, 30 No");
    await dialog.getByRole("button", { name: "Cast vote" }).click();
    await phone.getByText("✓ Your vote was counted.").waitFor();
    expect((await phone.locator(".voted .receipt").textContent())?.trim()).toMatch(/^[A-Z2-7]{24}$/);

    await call("post", `/events/${event.id}/polls/${poll.id}/close`);
    await call("post", `/events/${event.id}/polls/${poll.id}/publish`);
    const result = phone.getByRole("figure", { name: /Antrag auf Satzungsänderung/ });
    await result.waitFor();
    const rows = result.locator(".result-row");
    await expect.poll(() => rows.nth(0).textContent()).toContain("70 votes");
    expect(await rows.nth(1).textContent()).toContain("30 votes");
    expect(await result.textContent()).toContain("Passed");

    // An election that allows splitting: the same form, one number per candidate.
    const { election } = await call<{ election: { id: string } }>("post", `/events/${event.id}/elections`, {
      agendaItemId: item.id,
      title: "Wahl der Schatzmeisterin",
      seats: 1,
      method: { kind: "single_choice" },
      allowSplit: true,
      candidates: [{ name: "Ada Adler" }, { name: "Bea Berg" }],
    });
    await call("post", `/events/${event.id}/elections/${election.id}/open`);
    const ballot = phone.locator(`[data-election-id="${election.id}"]`);
    await ballot.getByRole("button", { name: "Split my vote" }).click();
    const shares = ballot.getByRole("group", { name: "Divide the weight of 100 between the choices" });
    await shares.getByLabel("Ada Adler").fill("60");
    expect(await ballot.getByRole("button", { name: "Cast split vote" }).isDisabled()).toBe(true);
    await shares.getByLabel("Bea Berg").fill("40");
    await ballot.getByRole("button", { name: "Cast split vote" }).click();
    await ballot.getByText("✓ Your vote was counted.").waitFor();
    await call("post", `/events/${event.id}/elections/${election.id}/close`);
    const { ballots } = await call<{ ballots: unknown }>("get", `/events/${event.id}/elections/${election.id}/ballots`);
    expect(ballots).toMatchObject({
      kind: "named",
      ballots: [{ ballot: { weight: 100, parts: [{ weight: 60 }, { weight: 40 }] } }],
    });
  });
});
