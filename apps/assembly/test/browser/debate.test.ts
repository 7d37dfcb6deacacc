import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserHarness } from "./browser-harness.ts";
import { type ApiCall, chairSession } from "./chair-session.ts";
import { createMotionInConsole, fileAmendment, goToSection, moveThrough, openMotion, runVote } from "./motion-flows.ts";
import { joinByInvitation, phonePage } from "./phone.ts";

/**
 * A whole debate in real browsers: a chair files a motion with two
 * amendments, opens the motion's list of speakers, two participants ask to
 * speak from their phones and get the floor in turn, and the amendments and
 * the motion are decided through their linked votes. Only those present
 * vote, so the phones check in first.
 */
const people = [
  { name: "Jörg Äbersold", email: "joerg@example.org" },
  { name: "Zoë Özdemir", email: "zoe@example.org" },
] as const;
const text = "The assembly resolves to plant trees in every town square of the region this year.\n\nIt asks the board to report back.";
const trees = { number: "A1", title: "Trees" };
const listTitle = "Speakers on motion A1: Trees";

describe("a debate in the browser", () => {
  let harness: BrowserHarness;
  let chair: Page;
  let call: ApiCall;
  let eventId = "";
  const phones: Page[] = [];

  beforeAll(async () => {
    harness = await BrowserHarness.start();
    ({ chair, call } = await chairSession(harness));
    const created = await call<{ event: { id: string } }>("post", "/events", {
      name: "Landesparteitag",
      settings: { presentOnlyVoting: true },
    });
    eventId = created.event.id;
    await call("post", `/events/${eventId}/agenda`, { title: "Motions" });
    await call("post", `/events/${eventId}/open`);
    for (const person of people) {
      const { participant } = await call<{ participant: { id: string } }>("post", `/events/${eventId}/participants`, person);
      const { link } = await call<{ link: string }>("post", `/events/${eventId}/participants/${participant.id}/invitation`);
      const phone = await phonePage(harness);
      phones.push(phone);
      await joinByInvitation(harness, phone, link, person.name, true);
    }
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  it("runs a motion with two amendments: a list of speakers on the motion, two speeches, the votes, the motion accepted", async () => {
    await chair.goto(`${harness.url}/admin/events/${eventId}/motions`);
    const detail = await createMotionInConsole(chair, { ...trees, text, submitters: "Board", agendaItem: "Motions" });
    await fileAmendment(detail, { number: "Ä1", line: 1, replacement: (line) => line.replace("trees", "oaks"), submitter: "Youth" });
    await fileAmendment(detail, {
      number: "Ä2",
      line: 3,
      replacement: (line) => line.replace("back.", "back in writing."),
      submitter: "South",
    });
    await moveThrough(chair, detail, "A1: Trees", ["Admitted", "In debate"]);

    // The motion's own list, opened from its detail and run right there.
    await detail.getByRole("button", { name: "Open list of speakers" }).click();
    const list = detail.getByRole("article", { name: listTitle });
    await list.waitFor();
    const projector = await chair.context().newPage();
    await projector.goto(`${harness.url}/projector/${eventId}`);

    for (const phone of phones) {
      const onPhone = phone.getByRole("article", { name: listTitle });
      await onPhone.getByRole("button", { name: "Request to speak" }).tap();
      await expect.poll(() => onPhone.getByTestId("my-position").count()).toBe(1);
    }
    const queue = list.getByTestId("speaker-queue");
    await expect.poll(() => queue.locator(".name").allTextContents()).toEqual(people.map((person) => person.name));

    await list.getByRole("button", { name: "Give the floor to the next" }).click();
    await expect.poll(() => list.getByTestId("current-speaker").textContent()).toBe(people[0].name);
    const clock = list.getByTestId("speaker-clock");
    await clock.waitFor();
    const first = await clock.textContent();
    await expect.poll(() => clock.textContent(), { timeout: 4000 }).not.toBe(first);
    await expect.poll(() => projector.getByTestId("projector-speakers-motion").textContent(), { timeout: 10_000 }).toBe(listTitle);
    await expect.poll(() => projector.getByTestId("projector-current").textContent()).toBe(people[0].name);
    await phones[0]!.getByText("You have the floor.").waitFor();
    await list.getByRole("button", { name: "End the speech" }).click();
    await expect.poll(() => list.getByTestId("current-speaker").count()).toBe(0);
    await list.getByRole("button", { name: "Give the floor to the next" }).click();
    await expect.poll(() => list.getByTestId("current-speaker").textContent()).toBe(people[1].name);
    await list.getByRole("button", { name: "End the speech" }).click();
    await expect.poll(() => list.textContent()).toContain("2 speeches finished");
    await harness.capture(chair, "debate-console");
    await projector.close();

    // Ä1 falls, Ä2 passes, then the motion as amended.
    const everyone = (choice: string) => phones.map((phone) => ({ phone, choice }));
    for (const [number, choice] of [
      ["Ä1", "No"],
      ["Ä2", "Yes"],
    ] as const) {
      await goToSection(chair, "Motions");
      const card = (await openMotion(chair, trees)).getByRole("article", { name: new RegExp(`^${number}`) });
      await moveThrough(chair, card, number, ["Admitted", "In debate", "Put to the vote"]);
      await card.getByRole("button", { name: "Create a vote on this amendment" }).click();
      await chair.getByText(`${number} (A1: Trees) · Draft`).waitFor();
      await runVote(chair, `${number} (A1: Trees)`, everyone(choice));
    }
    await goToSection(chair, "Motions");
    let motion = await openMotion(chair, trees);
    await motion.getByRole("article", { name: /^Ä1/ }).locator(".pill", { hasText: "Rejected" }).waitFor();
    await motion.getByRole("article", { name: /^Ä2/ }).locator(".pill", { hasText: "Accepted" }).waitFor();
    await moveThrough(chair, motion, "A1: Trees", ["Put to the vote"]);
    await motion.getByRole("button", { name: "Create a vote on the motion" }).click();
    await motion.getByText("A1: Trees · Draft").waitFor();
    await runVote(chair, "A1: Trees", everyone("Yes"));

    await goToSection(chair, "Motions");
    motion = await openMotion(chair, trees);
    await motion.locator("h3 .pill", { hasText: "Accepted" }).waitFor();
    await expect.poll(() => motion.getByTestId("final-text").textContent()).toContain("It asks the board to report back in writing.");
    expect(await motion.getByTestId("final-text").textContent()).toContain("plant trees");
    await harness.capture(chair, "debate-motion-accepted");
  }, 120_000);
});
