import type { Locator, Page } from "playwright-core";

/*
 * What a chair and a phone do with motions, shared by the browser tests
 * that run a motion through amendments and votes.
 */

/** The chair files a motion in the Motions tab and opens its detail. */
export async function createMotionInConsole(
  chair: Page,
  motion: { number: string; title: string; text: string; submitters: string; agendaItem: string },
): Promise<Locator> {
  const create = chair.getByRole("form", { name: "New motion" });
  await create.getByLabel("Number").fill(motion.number);
  await create.getByLabel("Title").fill(motion.title);
  await create.getByLabel("Text", { exact: true }).fill(motion.text);
  await create.getByLabel("Submitters (one per line)").fill(motion.submitters);
  await create.getByLabel("Agenda item").selectOption({ label: motion.agendaItem });
  await create.getByRole("button", { name: "Create motion" }).click();
  return openMotion(chair, motion);
}

/** The detail of a motion listed in the Motions tab. */
export async function openMotion(chair: Page, motion: { number: string; title: string }): Promise<Locator> {
  await chair.getByRole("button", { name: motion.title, exact: true }).click();
  const detail = chair.getByRole("article", { name: new RegExp(`^${motion.number}: ${motion.title}`) });
  await detail.getByRole("list", { name: "Text" }).waitFor();
  return detail;
}

/** The chair files an amendment replacing one line of the motion shown in `detail`. */
export async function fileAmendment(
  detail: Locator,
  amendment: { number: string; line: number; replacement: (prefilled: string) => string; submitter: string },
): Promise<Locator> {
  const amend = detail.getByRole("form", { name: "New amendment" });
  await amend.getByLabel("Number").fill(amendment.number);
  await amend.getByLabel("From line").fill(String(amendment.line));
  await amend.getByLabel("To line").fill(String(amendment.line));
  const field = amend.getByLabel("Replacement (empty deletes the lines)");
  await field.fill(amendment.replacement(await field.inputValue()));
  await amend.getByLabel("Submitted by").fill(amendment.submitter);
  await amend.getByRole("button", { name: "File amendment" }).click();
  const card = detail.getByRole("article", { name: new RegExp(`^${amendment.number}`) });
  await card.waitFor();
  return card;
}

/** Moves a motion or amendment through workflow states, confirming each step. */
export async function moveThrough(chair: Page, card: Locator, subject: string, states: readonly string[]): Promise<void> {
  for (const state of states) {
    await card
      .getByRole("button", { name: `→ ${state}` })
      .first()
      .click();
    const dialog = chair.getByRole("dialog", { name: `Move ${subject} to “${state}”?` });
    await dialog.getByRole("button", { name: `→ ${state}` }).click();
    await card.locator(".pill", { hasText: state }).first().waitFor();
  }
}

/** From the Polls tab: the chair opens the draft vote, every phone casts its choice, the chair closes and publishes. */
export async function runVote(chair: Page, pollTitle: string, ballots: readonly { phone: Page; choice: string }[]): Promise<void> {
  await goToSection(chair, "Polls");
  await chair.getByRole("button", { name: "Open voting" }).click();
  for (const { phone, choice } of ballots) {
    const poll = phone.getByRole("article", { name: pollTitle, exact: true });
    await poll.getByRole("button", { name: choice, exact: true }).click();
    await phone.getByRole("dialog", { name: "Confirm your vote" }).getByRole("button", { name: "Cast vote" }).click();
    await poll.locator(".receipt").waitFor();
  }
  await chair.getByRole("button", { name: "Close voting" }).click();
  await chair.getByRole("dialog").getByRole("button", { name: "Close voting" }).click();
  await chair.getByRole("button", { name: "Publish result" }).click();
}

export const goToSection = (chair: Page, name: string): Promise<void> =>
  chair.getByRole("navigation", { name: "Event sections" }).getByRole("link", { name, exact: true }).click();
