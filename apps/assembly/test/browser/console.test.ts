import { readFile } from "node:fs/promises";
import type { APIRequestContext, BrowserContext, Locator, Page, WebSocketRoute } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, BrowserHarness } from "./browser-harness.ts";

/**
 * The chair console beyond the happy path of assembly.test.ts: settings and
 * the team, editing the agenda, a minutes download and the audit log, single
 * participants, the "present, not voted" list following a vote live, a vote
 * that lands over HTTP while the phone's channel is down, a multiple-choice
 * ballot held to its bounds, named ballots, the invitation export's two
 * modes, the operator page, and signing out closing the session's sockets.
 * The event is set up over the API; the browser does what a chair and
 * phones do.
 */
const people = [
  { name: "Alice Arendt", email: "alice@example.org" },
  { name: "Bruno Brandt", email: "bruno@example.org" },
  { name: "Clara Conrad", email: "clara@example.org" },
] as const;
const csv = ["name,email,group", ...people.map((person) => `${person.name},${person.email},Left`)].join("\n");
const newChair = { email: "dora.chair@example.org", name: "Dora Chair", password: "dora-password-42" };

describe("chair console in the browser", () => {
  let harness: BrowserHarness;
  let chair: Page;
  let api: APIRequestContext;
  let eventId = "";
  let agendaItemId = "";
  const phones = new Map<string, Page>();
  /** The routed sockets of the phone whose channel is cut; `cut` makes new ones fail at once. */
  const fallback = { routes: [] as WebSocketRoute[], cut: false };

  async function call<T>(method: "get" | "post", path: string, data?: unknown): Promise<T> {
    const response = await api[method](`${harness.url}/api/events/${eventId}${path}`, data === undefined ? {} : { data });
    expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  }

  async function openTab(page: Page, name: string): Promise<void> {
    await page.getByRole("navigation", { name: "Event sections" }).getByRole("link", { name, exact: true }).click();
  }

  async function signedIn(email: string, password: string): Promise<BrowserContext> {
    const context = await harness.browser.newContext();
    context.setDefaultTimeout(8000);
    const response = await context.request.post(`${harness.url}/api/admin/login`, { data: { email, password } });
    expect(response.status()).toBe(200);
    return context;
  }

  async function joinPhone(person: (typeof people)[number], page: Page): Promise<void> {
    const found = await call<{ items: { id: string }[] }>("get", `/participants?search=${encodeURIComponent(person.email)}`);
    const { link } = await call<{ link: string }>("post", `/participants/${found.items[0]!.id}/invitation`);
    await page.goto(`${harness.url}/join${new URL(link).hash}`);
    await page.getByText(`Signed in as ${person.name}`).waitFor();
    await page.getByRole("status").filter({ hasText: "Online" }).waitFor();
    // Opening the link is not being there: the member says so.
    await page.getByRole("button", { name: "I am here" }).click();
    await page.getByText("You are checked in as present").waitFor();
    phones.set(person.email, page);
  }

  beforeAll(async () => {
    harness = await BrowserHarness.start();
    const context = await signedIn(ADMIN.email, ADMIN.password);
    api = context.request;
    chair = await context.newPage();
    const created = await api.post(`${harness.url}/api/events`, { data: { name: "Autumn Congress" } });
    eventId = ((await created.json()) as { event: { id: string } }).event.id;
    agendaItemId = (await call<{ item: { id: string } }>("post", "/agenda", { title: "Elections" })).item.id;
    const imported = await api.post(`${harness.url}/api/events/${eventId}/participants/import`, {
      headers: { "content-type": "text/csv" },
      data: csv,
    });
    expect(imported.status()).toBe(200);
    await call("post", "/open");
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  it("saves event settings and grants, uses and revokes a chair role", async () => {
    await chair.goto(`${harness.url}/admin/events/${eventId}/setup`);
    await chair.getByLabel("Proxy votes per delegate").fill("3");
    await chair.getByLabel("Allow proxy chains").check();
    await chair.getByLabel("Only participants who are present may vote").check();
    await chair.getByLabel("Time zone").fill("Europe/Berlin");
    await chair.getByRole("button", { name: "Save settings" }).click();
    await chair.getByText("Settings saved.").waitFor();
    await chair.reload();
    await expect.poll(() => chair.getByLabel("Proxy votes per delegate").inputValue()).toBe("3");
    expect(await chair.getByLabel("Allow proxy chains").isChecked()).toBe(true);
    expect(await chair.getByLabel("Only participants who are present may vote").isChecked()).toBe(true);
    expect(await chair.getByLabel("Time zone").inputValue()).toBe("Europe/Berlin");
    await harness.capture(chair, "admin-settings");

    await openTab(chair, "Team");
    await chair.getByLabel("Email").fill(newChair.email);
    // Chair, not owner, is what a careless click grants.
    expect(await chair.locator("select[name=role]").inputValue()).toBe("chair");
    await chair.getByLabel("Name").fill(newChair.name);
    await chair.getByLabel("Initial password").fill(newChair.password);
    await chair.getByRole("button", { name: "Give a role" }).click();
    const row = chair.locator(`tr[data-email="${newChair.email}"]`);
    await expect.poll(() => row.textContent()).toContain("Chair");
    await harness.capture(chair, "admin-roles");

    // The new chair signs in with the initial password and sees the rules, but may not change them.
    const doraContext = await harness.browser.newContext();
    doraContext.setDefaultTimeout(8000);
    const dora = await doraContext.newPage();
    await dora.goto(`${harness.url}/admin`);
    await dora.getByLabel("Email").fill(newChair.email);
    await dora.getByLabel("Password").fill(newChair.password);
    await dora.getByRole("button", { name: "Sign in" }).click();
    await dora.getByRole("link", { name: "Autumn Congress" }).click();
    await dora.getByText("Only owners of the event change these.").waitFor();
    expect(await dora.getByLabel("Proxy votes per delegate").isDisabled()).toBe(true);
    expect(await dora.getByLabel("Proxy votes per delegate").inputValue()).toBe("3");

    // Made an observer (her account exists: no name or password needed), she reads and is offered no changes.
    await chair.getByLabel("Email").fill(newChair.email);
    await chair.locator("select[name=role]").selectOption("observer");
    await chair.getByRole("button", { name: "Give a role" }).click();
    await expect.poll(() => row.textContent()).toContain("Observer");
    await dora.reload();
    await dora.getByText("You observe this event").waitFor();
    await openTab(dora, "Agenda");
    await dora.locator(".admin-agenda").getByText("Elections").waitFor();
    expect(await dora.getByRole("button", { name: "Add agenda item" }).count()).toBe(0);
    await harness.capture(dora, "admin-observer");

    await chair.getByRole("button", { name: `Remove ${newChair.name} from the team` }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect((await doraContext.request.get(`${harness.url}/api/events/${eventId}`)).status()).toBe(403);
    await doraContext.close();
  }, 30_000);

  it("adds, edits, reorders and deletes agenda items, downloads the minutes and shows both in the audit log", async () => {
    await chair.goto(`${harness.url}/admin/events/${eventId}/agenda`);
    const titles = () => chair.locator(".admin-agenda > li strong").allTextContents();
    /** Clicks `button` (on the page or in `scope`) and waits for the agenda to read `expected`. */
    const press = async (button: string, expected: string[], scope: Page | Locator = chair) => {
      await scope.getByRole("button", { name: button }).click();
      await expect.poll(titles).toEqual(expected);
    };
    const adding = chair.locator("form", { has: chair.getByRole("heading", { name: "Add agenda item" }) });
    await adding.getByLabel("Title").fill("Other business");
    await press("Add agenda item", ["Elections", "Other business"], adding);
    await press("Move Other business up", ["Other business", "Elections"]);
    await chair.getByRole("button", { name: "Edit Other business" }).click();
    const editing = chair.getByRole("form", { name: "Editing Other business" });
    await editing.getByLabel("Title").fill("Any other business");
    await press("Save", ["Any other business", "Elections"], editing);
    await press("Move Any other business down", ["Elections", "Any other business"]);
    await press("Delete Any other business", ["Elections"]);

    await openTab(chair, "Setup");
    const downloading = chair.waitForEvent("download");
    await chair.getByRole("button", { name: "Attendance: CSV (Excel, ;)" }).click();
    const attendance = await downloading;
    expect(attendance.suggestedFilename()).toBe(`${eventId}-attendance.csv`);
    const rows = (await readFile(await attendance.path(), "utf8")).split(/\r?\n/);
    expect(rows[0]).toBe(
      "\uFEFFname;email;group;region;present;first_check_in;last_check_in;last_check_out;last_check_in_by;last_check_out_by",
    );
    expect(rows.filter((row) => row.includes("@example.org"))).toHaveLength(people.length);

    await openTab(chair, "Audit log");
    const actions = () =>
      chair.locator("table.audit td[data-action]").evaluateAll((cells) => cells.map((cell) => cell.getAttribute("data-action")));
    await expect
      .poll(actions)
      .toEqual(expect.arrayContaining(["agenda.add", "agenda.move", "agenda.update", "agenda.delete", "export.attendance"]));
    // In words and by name: who (the chair's name and e-mail), what, and to what (the agenda item, the admin given a role), the ids on hover.
    const rowOf = (action: string) => chair.locator("table.audit tbody tr", { has: chair.locator(`td[data-action="${action}"]`) }).first();
    const added = rowOf("agenda.add");
    await expect.poll(() => added.textContent()).toContain("Added an agenda item");
    expect(await added.textContent()).toContain("Elections");
    expect(await added.locator("td").nth(1).textContent()).toContain("(chair@example.org)");
    expect(await added.locator("td").nth(1).locator("span").getAttribute("title")).toMatch(/^admin:/);
    expect(await added.locator("td").nth(3).locator("span").getAttribute("title")).toBe(agendaItemId);
    expect(await rowOf("role.grant").textContent()).toContain(`Gave an admin a role${newChair.name} (${newChair.email})`);
  }, 30_000);

  it("adds and edits a participant and checks them in and out", async () => {
    await openTab(chair, "Participants");
    await chair.getByRole("button", { name: "Add participant" }).click();
    const dialog = chair.getByRole("dialog", { name: "Add participant" });
    await dialog.getByLabel("Name").fill("Dario Dell");
    await dialog.getByLabel("Email").fill("dario@example.org");
    await dialog.getByLabel("Group").fill("Right");
    await harness.capture(chair, "admin-participant-add");
    await dialog.getByRole("button", { name: "Save" }).click();
    const row = chair.locator('tr[data-email="dario@example.org"]');
    await row.waitFor();

    await chair.getByRole("button", { name: "Edit Dario Dell" }).click();
    const edit = chair.getByRole("dialog", { name: "Edit Dario Dell" });
    await edit.getByLabel("Weight").fill("2");
    await edit.getByLabel("Region").fill("South");
    await edit.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => row.textContent()).toContain("South");
    expect(await row.locator("td").nth(4).textContent()).toBe("2");

    const presence = row.locator(".presence > span");
    await chair.getByRole("button", { name: "Check in Dario Dell" }).click();
    await expect.poll(() => presence.textContent()).toBe("present");
    await chair.getByRole("button", { name: "Check out Dario Dell" }).click();
    await expect.poll(() => presence.textContent()).toBe("absent");
  }, 30_000);

  it("lists who is present and has not voted, shrinking live as phones vote", async () => {
    const poll = await call<{ poll: { id: string } }>("post", "/polls", {
      agendaItemId,
      title: "Adopt the minutes",
      kind: "yes_no_abstain",
      secret: true,
    });
    await call("post", `/polls/${poll.poll.id}/open`);
    for (const person of people) {
      const phone = await harness.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      phone.setDefaultTimeout(8000);
      const page = await phone.newPage();
      // Clara's phone gets its socket through a route the test can cut (for the HTTP fallback below).
      if (person === people[2]) {
        await page.routeWebSocket(/\/socket\/websocket/, (route) => {
          if (fallback.cut) return void route.close();
          route.connectToServer();
          fallback.routes.push(route);
        });
      }
      await joinPhone(person, page);
    }
    await openTab(chair, "Participants");
    await chair.getByLabel("Show").selectOption("present_not_voted");
    // Dario is eligible but absent: not on this list, though on "eligible, not voted".
    await expect.poll(() => chair.getByTestId("participant-total").textContent(), { timeout: 5000 }).toBe("1–3 of 3");
    await harness.capture(chair, "admin-present-not-voted");

    const alice = phones.get(people[0].email)!;
    await alice.getByRole("button", { name: "Yes", exact: true }).click();
    await alice.getByRole("dialog", { name: "Confirm your vote" }).getByRole("button", { name: "Cast vote" }).click();
    await alice.locator(".receipt").waitFor();
    await expect.poll(() => chair.getByTestId("participant-total").textContent(), { timeout: 5000 }).toBe("1–2 of 2");
    expect(await chair.locator(`tr[data-email="${people[0].email}"]`).count()).toBe(0);

    await chair.getByLabel("Show").selectOption("not_voted");
    await expect.poll(() => chair.getByTestId("participant-total").textContent(), { timeout: 5000 }).toBe("1–3 of 3");
    await chair.locator('tr[data-email="dario@example.org"]').waitFor();
  }, 30_000);

  it("lands a vote over HTTP when the phone's channel is down", async () => {
    const clara = phones.get(people[2].email)!;
    const ballotPosts: string[] = [];
    clara.on("request", (request) => {
      if (request.method() === "POST" && /\/api\/participant\/polls\/[^/]+\/ballots$/.test(request.url())) ballotPosts.push(request.url());
    });
    fallback.cut = true;
    for (const route of fallback.routes) await route.close();
    await clara.getByRole("status").filter({ hasText: "reconnecting" }).waitFor();
    await harness.capture(clara, "participant-channel-down");

    await clara.getByRole("button", { name: "No", exact: true }).click();
    await clara.getByRole("dialog", { name: "Confirm your vote" }).getByRole("button", { name: "Cast vote" }).click();
    await clara.locator(".receipt").waitFor({ timeout: 5000 });
    expect(ballotPosts).toHaveLength(1);
    await expect.poll(() => chair.locator(".live-counts .open-turnout").textContent(), { timeout: 5000 }).toContain("2 of 4 voted");
    await chair.getByLabel("Show").selectOption("present_not_voted");
    // Dario is absent and Clara has voted (whether or not her lost socket has checked her out yet): only Bruno is left.
    await expect.poll(() => chair.getByTestId("participant-total").textContent(), { timeout: 5000 }).toBe("1–1 of 1");
  }, 30_000);

  it("holds a multiple-choice ballot to its bounds and lists named ballots after publication", async () => {
    await openTab(chair, "Polls");
    const minutes = chair.locator("article.admin-poll", { hasText: "Adopt the minutes" });
    await minutes.getByRole("button", { name: "Close voting" }).click();
    await chair.getByRole("dialog").getByRole("button", { name: "Close voting" }).click();
    // Publishing reloads the list (the live view's statuses changed): the form is filled after that.
    const reloaded = chair.waitForResponse((response) => response.request().method() === "GET" && /\/polls$/.test(response.url()));
    await minutes.getByRole("button", { name: "Publish result" }).click();
    await minutes.locator(".result").waitFor();
    await reloaded;

    const form = chair.locator("form.poll-form");
    await form.getByLabel("Title").fill("Board election");
    await form.locator("select[name=kind]").selectOption("multiple_choice");
    await form.getByLabel("Options").fill("Ada\nBen\nCem\nDina");
    await form.getByLabel("At least").fill("2");
    await form.getByLabel("At most").fill("3");
    await form.locator("select[name=majority]").selectOption("threshold");
    await form.getByLabel("Share: numerator").fill("1");
    await form.getByLabel("Share: denominator").fill("3");
    await form.locator("select[name=quorum]").selectOption("fraction");
    await harness.capture(chair, "admin-poll-form");
    // Submitted from the keyboard, as a chair tabbing through the form does; the pointer path is covered by the first poll.
    await form.getByRole("button", { name: "Create draft" }).press("Enter");
    const draft = chair.locator("article.admin-poll", { hasText: "Board election" });
    // On failure this reports the form's error rather than a bare timeout.
    const created = async () =>
      (await draft.count()) > 0 ? "created" : (await form.locator(".error").allTextContents()).join(" ") || "pending";
    await expect.poll(created, { timeout: 8000 }).toBe("created");
    await expect.poll(() => draft.getByTestId("poll-rules").textContent()).toContain("Choose 2 to 3 options · at least 1/3");

    await draft.getByRole("button", { name: "Edit Board election" }).click();
    const editor = chair.locator("form.poll-form", { hasText: "Edit draft: Board election" });
    await editor.getByLabel("Title").fill("Board election 2027");
    await editor.getByRole("button", { name: "Save" }).click();
    const board = chair.locator("article.admin-poll", { hasText: "Board election 2027" });
    await board.getByRole("button", { name: "Open voting" }).click();

    const alice = phones.get(people[0].email)!;
    const ballot = alice.getByRole("group", { name: "Choose 2 to 3 options" });
    await ballot.waitFor({ timeout: 3000 });
    const submit = alice.getByRole("button", { name: "Vote", exact: true });
    await ballot.getByLabel("Ada").check();
    expect(await submit.isDisabled()).toBe(true);
    await ballot.getByLabel("Ben").check();
    await ballot.getByLabel("Cem").check();
    expect(await ballot.getByLabel("Dina").isDisabled()).toBe(true);
    await harness.capture(alice, "participant-multiple-choice");
    await ballot.getByLabel("Cem").uncheck();
    expect(await ballot.getByLabel("Dina").isDisabled()).toBe(false);
    await submit.click();
    const dialog = alice.getByRole("dialog", { name: "Confirm your vote" });
    expect(await dialog.locator(".confirm-choice").textContent()).toBe("Ada, Ben");
    await dialog.getByRole("button", { name: "Cast vote" }).click();
    await alice.locator(".receipt").waitFor();

    await board.getByRole("button", { name: "Close voting" }).click();
    await chair.getByRole("dialog").getByRole("button", { name: "Close voting" }).click();
    await board.getByRole("button", { name: "Publish result" }).click();
    const named = board.locator("table.named-ballots");
    await named.waitFor();
    expect(await named.locator("tbody tr").count()).toBe(1);
    expect(await named.locator("tbody tr").first().textContent()).toContain("Alice Arendt");
    expect(await named.locator("tbody tr").first().textContent()).toContain("Ada, Ben");
    // The secret poll's ballots are never listed.
    expect(await minutes.locator("table.named-ballots").count()).toBe(0);
    await harness.capture(chair, "admin-named-ballots");
  }, 30_000);

  it("exports only missing links by default and replaces all links only after a warning", async () => {
    await openTab(chair, "Invitations");
    await chair.getByRole("button", { name: "Issue missing links and download CSV" }).click();
    await expect
      .poll(() => chair.getByTestId("invitations-summary").textContent())
      .toBe("New links: 1. Kept from earlier (still valid): 3.");
    await harness.capture(chair, "admin-invitations");

    await chair.getByRole("button", { name: "Replace all links…" }).click();
    const dialog = chair.getByRole("dialog", { name: "Replace every participant's link?" });
    await dialog.getByText("All 4 participants lose the link they have").waitFor();
    await harness.capture(chair, "admin-reissue-warning");
    // Focus starts on Cancel: a reflexive Enter replaces nothing.
    expect(await dialog.getByRole("button", { name: "Cancel" }).evaluate((button) => button === document.activeElement)).toBe(true);
    await chair.keyboard.press("Enter");
    expect(await dialog.isVisible()).toBe(false);
    // Cancelled: Bruno's phone is still signed in.
    const bruno = phones.get(people[1].email)!;
    expect(await (await bruno.context().request.get(`${harness.url}/api/participant/me`)).status()).toBe(200);

    await chair.getByRole("button", { name: "Replace all links…" }).click();
    await dialog.getByRole("button", { name: "Replace all links" }).click();
    await expect
      .poll(() => chair.getByTestId("invitations-summary").textContent())
      .toBe("Links replaced: 4. Every earlier link has stopped working.");
    await bruno.getByText("Your personal link is no longer valid").waitFor({ timeout: 5000 });
  }, 30_000);

  it("shows the operator page with engine numbers and the dashboard tree", async () => {
    const dashboard = await (await harness.browser.newContext({ storageState: await chair.context().storageState() })).newPage();
    await dashboard.goto(`${harness.url}/dashboard/${eventId}`);
    await dashboard.getByRole("heading", { name: "Live dashboard" }).waitFor();
    await chair.getByRole("link", { name: "Operations" }).click();
    await chair.getByTestId("ops-node").waitFor();
    expect(Number(await chair.getByTestId("ops.engine-sockets").textContent())).toBeGreaterThan(0);
    const row = chair.getByTestId("ops-dashboards").locator("tr", { hasText: `dashboard:${eventId}` });
    await row.waitFor({ timeout: 5000 });
    // The tree's workers report their polls; the page refreshes every two seconds.
    await expect.poll(() => row.textContent(), { timeout: 6000 }).toMatch(/attendance: running, \d/);
    await harness.capture(chair, "admin-ops");
    await dashboard.context().close();
  }, 30_000);

  it("signs out: the session's console in another window loses its socket and asks to sign in", async () => {
    const other = await (await harness.browser.newContext({ storageState: await chair.context().storageState() })).newPage();
    const socketClosed = new Promise<void>((resolve) => other.on("websocket", (socket) => socket.on("close", () => resolve())));
    await other.goto(`${harness.url}/admin/events/${eventId}/setup`);
    await other.getByRole("status").filter({ hasText: "Online" }).waitFor();

    await chair.getByRole("button", { name: "Sign out", exact: true }).click();
    await chair.getByRole("heading", { name: "Sign in" }).waitFor();
    await socketClosed;
    await other.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: 5000 });
    await other.context().close();
  }, 30_000);

  it("signs out everywhere after asking: this browser and the admin's other one both ask to sign in", async () => {
    const consoles: Page[] = [];
    for (let i = 0; i < 2; i++) {
      const page = await (await signedIn(ADMIN.email, ADMIN.password)).newPage();
      await page.goto(`${harness.url}/admin/events/${eventId}/setup`);
      await page.getByRole("status").filter({ hasText: "Online" }).waitFor();
      consoles.push(page);
    }
    const [laptop, phone] = consoles as [Page, Page];
    // Dismissed, nothing happens.
    laptop.once("dialog", (dialog) => void dialog.dismiss());
    await laptop.getByRole("button", { name: "Sign out everywhere" }).click();
    expect((await phone.request.get(`${harness.url}/api/admin/me`)).status()).toBe(200);
    const messages: string[] = [];
    laptop.once("dialog", (dialog) => {
      messages.push(dialog.message());
      void dialog.accept();
    });
    await laptop.getByRole("button", { name: "Sign out everywhere" }).click();
    await laptop.getByRole("heading", { name: "Sign in" }).waitFor();
    await phone.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: 5000 });
    expect(messages[0]).toContain("this one included");
    expect((await phone.request.get(`${harness.url}/api/admin/me`)).status()).toBe(401);
    for (const page of consoles) await page.context().close();
  }, 30_000);
});
