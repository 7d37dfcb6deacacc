import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BallotChoice } from "../../src/domain/ballot.ts";
import { isDomainError, type DomainErrorCode } from "../../src/domain/errors.ts";
import type { AssemblyEvent } from "../../src/domain/event.ts";
import type { NewPoll, Poll } from "../../src/domain/poll.ts";
import { BallotSeal, BallotSecretMismatch, sealedBallotLength } from "../../src/store/ballot-seal.ts";
import type { Store, StoreOperations } from "../../src/store/store.ts";
import { defineElectionStoreTests } from "./elections.suite.ts";
import { defineMailOutboxTests } from "./mail-outbox.suite.ts";
import { defineSsoTests } from "./sso.suite.ts";
import { defineRecordsTests } from "./records.suite.ts";
import { definePaperVoteTests } from "./paper-votes.suite.ts";
import { defineSplitBallotTests } from "./split-ballots.suite.ts";
import { defineMotionTests } from "./motions.suite.ts";
import { defineSpeakersTests } from "./speakers.suite.ts";
import { defineProjectorsTests } from "./projectors.suite.ts";

/** One database for the suite: the store under test, plus raw read access to assert on what is stored. */
export interface StoreHarness {
  /** Opens a store on the suite's database (migrating it) with `ballotSecret` (default: the suite's); may be called again to reopen. */
  open(ballotSecret?: Uint8Array): Promise<Store>;
  /** Runs a read-only SQL query on the same database through a separate connection. */
  raw(query: string): Promise<Record<string, unknown>[]>;
  /** The SQLite database file, whose bytes (and its -wal's) the suite reads as an attacker would. */
  readonly file?: string;
  /** Drops the database; the suite closes its stores first. */
  destroy(): Promise<void>;
}

export interface SuiteOptions {
  /**
   * Whether two stores in this one process can write concurrently. Not for
   * SQLite: better-sqlite3 waits for a lock synchronously, so the waiting
   * store blocks the event loop the holder needs to finish (separate
   * processes are fine).
   */
  readonly concurrentStoresInProcess: boolean;
  /** PostgreSQL's `xmin`/`ctid`: the suite pairs rows by them as an attacker would. */
  readonly systemColumns?: boolean;
  /** SQLite: the suite reads the database file, its WAL and their modes (see `StoreHarness.file`). */
  readonly databaseFiles?: boolean;
}

/** A clock the suite moves by hand, so timestamps and expiries are exact. */
export class ManualClock {
  #now = Date.UTC(2026, 4, 28, 14, 0, 0);
  readonly now = (): number => this.#now;
  advance(ms: number): void {
    this.#now += ms;
  }
}

async function expectCode(promise: Promise<unknown>, code: DomainErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isDomainError(error) ? error.code : error).toBe(code);
}

const yes: BallotChoice = { kind: "options", optionIds: ["yes"] };
const no: BallotChoice = { kind: "options", optionIds: ["no"] };
const tokenHash = (token: string): string => createHash("sha256").update(token).digest("hex");
const ballotId = (): string => randomUUID();
const member = { kind: "member" } as const;

export function defineStoreSuite(
  name: string,
  makeHarness: (clock: ManualClock, ballotSecret: Uint8Array) => Promise<StoreHarness>,
  options: SuiteOptions,
): void {
  describe(`Store on ${name}`, () => {
    const clock = new ManualClock();
    const ballotSecret = randomBytes(32);
    let harness: StoreHarness;
    let store: Store;

    let unavailable: unknown;

    // A missing database must fail every test, not leave them reported as skipped.
    beforeAll(async () => {
      try {
        harness = await makeHarness(clock, ballotSecret);
        store = await harness.open();
      } catch (error) {
        unavailable = error;
      }
    });

    beforeEach(() => {
      if (unavailable !== undefined) throw unavailable;
    });

    afterAll(async () => {
      await store?.close();
      await harness?.destroy();
    });

    /** A fresh open event with one agenda item and `count` participants, so tests never share state. */
    async function setup(count: number, settings: Partial<AssemblyEvent["settings"]> = {}) {
      const event = await store.events.create({ name: `Convention ${randomUUID()}`, timezone: "Europe/Berlin", settings });
      await store.events.setStatus(event.id, "open");
      const item = await store.agenda.add(event.id, { title: "Motions" });
      const ids = await store.participants.addMany(
        event.id,
        Array.from({ length: count }, (_, i) => ({
          name: `Member ${String(i).padStart(5, "0")}`,
          email: `m${i}@${event.id}.org`,
          region: i % 2 === 0 ? "North" : "South",
        })),
      );
      return { event, item, ids };
    }

    async function openPoll(eventId: string, agendaItemId: string, extra: Partial<NewPoll> = {}): Promise<Poll> {
      const poll = await store.polls.create(eventId, { agendaItemId, title: "Motion", kind: "yes_no_abstain", ...extra });
      return store.polls.setStatus(poll.id, "open");
    }

    /** A participant's own ballot, with a fresh ballot id. */
    function castOwn(pollId: string, principalId: string, choice: BallotChoice) {
      return store.ballots.cast({ ballotId: ballotId(), pollId, principalId, voterId: principalId, choice });
    }

    describe("lifecycle", () => {
      it("reopening the same database keeps data and re-runs no migration", async () => {
        const event = await store.events.create({ name: "Persistent" });
        const again = await harness.open();
        expect((await again.events.get(event.id)).name).toBe("Persistent");
        await again.close();
        await again.close();
        await expect(again.events.get(event.id)).rejects.toThrow(/closed/);
        await expect(again.transaction((tx) => tx.events.get(event.id))).rejects.toThrow(/closed/);
        await expect(again.invitations.findParticipant(tokenHash("after close"))).rejects.toThrow(/closed/);
      });
    });

    describe("ballot durability", () => {
      it("close lets every submitted ballot commit first, then refuses new ones", async () => {
        const { event, item, ids } = await setup(40);
        const poll = await openPoll(event.id, item.id);
        const other = await harness.open();
        const casts = ids.map((id) =>
          other.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: id, voterId: id, choice: yes }),
        );
        await other.close();
        await Promise.all(casts);
        await expect(
          other.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: ids[0]!, voterId: ids[0]!, choice: yes }),
        ).rejects.toThrow(/closed/);
        expect((await store.ballots.tally(poll.id)).tally.turnout.count).toBe(40);
      });

      it("tallies every ballot while open; once closed the tally is final, and the poll read with it stays current", async () => {
        const { event, item, ids } = await setup(4);
        const poll = await openPoll(event.id, item.id);
        await castOwn(poll.id, ids[0]!, yes);
        expect((await store.ballots.tally(poll.id)).tally.turnout.count).toBe(1);
        await castOwn(poll.id, ids[1]!, no);
        await castOwn(poll.id, ids[2]!, yes);
        expect((await store.ballots.tally(poll.id)).tally.turnout.count).toBe(3);
        await store.polls.setStatus(poll.id, "closed");
        const closed = await store.ballots.tally(poll.id);
        expect(closed.tally.options.map((o) => o.weight)).toEqual([2, 1]);
        expect((await store.ballots.tally(poll.id)).tally).toEqual(closed.tally);
        await store.polls.setStatus(poll.id, "published");
        const published = await store.ballots.tally(poll.id);
        expect(published.poll.status).toBe("published");
        expect(published.tally).toEqual(closed.tally);
        // Another store (another node) counts on its own and agrees.
        const other = await harness.open();
        expect((await other.ballots.tally(poll.id)).tally).toEqual(closed.tally);
        await other.close();
      });

      it("refuses bad ballots without touching good ones cast with them, and acknowledges each only once committed", async () => {
        const { event, item, ids } = await setup(12);
        const poll = await openPoll(event.id, item.id);
        const closed = await openPoll(event.id, item.id);
        await store.polls.setStatus(closed.id, "closed");
        const cast = (voter: number, extra: { pollId?: string; principalId?: string; choice?: BallotChoice } = {}) =>
          store.ballots.cast({
            ballotId: ballotId(),
            pollId: poll.id,
            principalId: ids[voter]!,
            voterId: ids[voter]!,
            choice: yes,
            ...extra,
          });
        // Read through another connection as each ballot is acknowledged: only committed rows are visible there.
        const committedAtAck = (receipt: string) =>
          harness.raw(`select count(*) as n from ballots where receipt = '${receipt}'`).then((rows) => Number(rows[0]!.n));
        // Cast in one turn of the event loop, so they share a batch (one transaction).
        const good = ids
          .slice(0, 8)
          .map((_, i) => cast(i).then(async (receipt) => ({ receipt, committed: await committedAtAck(receipt.receipt) })));
        const bad: [Promise<unknown>, DomainErrorCode][] = [
          [cast(8, { choice: { kind: "options", optionIds: ["maybe"] } }), "invalid"],
          [cast(9, { principalId: ids[10]! }), "not_entitled"],
          [cast(10, { principalId: "nobody" }), "not_found"],
          [cast(11, { pollId: closed.id }), "poll_not_open"],
        ];
        for (const [outcome, code] of bad) await expectCode(outcome, code);
        const acknowledged = await Promise.all(good);
        expect(acknowledged.map((a) => a.committed)).toEqual(acknowledged.map(() => 1));
        const { tally } = await store.ballots.tally(poll.id);
        expect(tally.turnout.count).toBe(8);
        for (const voter of [8, 9, 10, 11]) expect(await store.ballots.hasVoted(poll.id, ids[voter]!)).toBe(false);
        expect(await store.ballots.hasVoted(closed.id, ids[11]!)).toBe(false);
      });

      it("acknowledges exactly the ballots it stores and tallies them (property over random cast storms)", async () => {
        const choiceArb = fc.constantFrom<BallotChoice>(yes, no, { kind: "abstain" }, { kind: "options", optionIds: ["maybe"] });
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.record({ who: fc.nat(9), retry: fc.boolean(), choice: choiceArb }), { minLength: 1, maxLength: 40 }),
            async (attempts) => {
              const { event, item, ids } = await setup(10);
              const poll = await openPoll(event.id, item.id);
              const lastId = new Map<number, string>();
              const outcomes = await Promise.allSettled(
                attempts.map(({ who, retry, choice }) => {
                  const id = retry && lastId.has(who) ? (lastId.get(who) as string) : ballotId();
                  lastId.set(who, id);
                  return store.ballots.cast({ ballotId: id, pollId: poll.id, principalId: ids[who]!, voterId: ids[who]!, choice });
                }),
              );
              const receipts = new Map<string, string>();
              for (const outcome of outcomes) {
                if (outcome.status === "rejected") {
                  expect(isDomainError(outcome.reason)).toBe(true);
                  continue;
                }
                const earlier = receipts.get(outcome.value.principalId);
                if (earlier !== undefined) expect(outcome.value.receipt).toBe(earlier);
                receipts.set(outcome.value.principalId, outcome.value.receipt);
              }
              const { tally } = await store.ballots.tally(poll.id);
              expect(tally.turnout.count).toBe(receipts.size);
              for (const receipt of receipts.values()) expect((await store.ballots.verifyReceipt(receipt)).counted).toBe(true);
            },
          ),
          { numRuns: 8 },
        );
      });
    });

    describe("events, agenda, announcements", () => {
      it("creates, updates and moves an event through its statuses", async () => {
        const event = await store.events.create({ name: "  Party Congress ", settings: { proxyCapPerDelegate: 2 } });
        expect(event).toMatchObject({
          name: "Party Congress",
          timezone: "UTC",
          status: "draft",
          settings: { proxyCapPerDelegate: 2, allowProxyChains: false },
        });
        const updated = await store.events.update(event.id, { timezone: "Europe/Berlin", settings: { presentOnlyVoting: true } });
        expect(updated.settings).toEqual({ allowProxyChains: false, proxyCapPerDelegate: 2, presentOnlyVoting: true });
        await expectCode(store.events.setStatus(event.id, "closed"), "invalid_transition");
        await store.events.setStatus(event.id, "open");
        expect((await store.events.get(event.id)).status).toBe("open");
        await expectCode(store.events.get("nope"), "not_found");
      });

      it("rejects bad input and changes nothing", async () => {
        const event = await store.events.create({ name: "Strict" });
        await expectCode(store.events.update(event.id, { name: "Renamed", timezone: "Nowhere/Void" }), "unknown_time_zone");
        await expectCode(store.events.update(event.id, { settings: { proxyCapPerDelegate: -3 } }), "invalid");
        expect(await store.events.get(event.id)).toEqual(event);
        await expectCode(store.events.create({ name: "" }), "invalid");
      });

      it("reads one agenda item by id", async () => {
        const { item } = await setup(0);
        expect(await store.agenda.get(item.id)).toEqual(item);
        await expectCode(store.agenda.get("missing"), "not_found");
      });

      it("keeps agenda positions dense when adding, moving and deleting", async () => {
        const event = await store.events.create({ name: "Agenda" });
        const a = await store.agenda.add(event.id, { title: "A" });
        const b = await store.agenda.add(event.id, { title: "B" });
        const c = await store.agenda.add(event.id, { title: "C", position: 0 });
        expect((await store.agenda.list(event.id)).map((i) => [i.title, i.position])).toEqual([
          ["C", 0],
          ["A", 1],
          ["B", 2],
        ]);
        expect((await store.agenda.move(a.id, 5)).map((i) => i.title)).toEqual(["C", "B", "A"]);
        await store.polls.create(event.id, { agendaItemId: b.id, title: "On B", kind: "yes_no_abstain" });
        await expectCode(store.agenda.delete(b.id), "conflict");
        await store.agenda.delete(c.id);
        expect((await store.agenda.list(event.id)).map((i) => [i.title, i.position])).toEqual([
          ["B", 0],
          ["A", 1],
        ]);
        expect((await store.agenda.update(a.id, { description: "details" })).description).toBe("details");
      });

      it("lists announcements newest first", async () => {
        const { event, item } = await setup(0);
        await store.announcements.publish(event.id, { title: "Welcome", body: "Hello" });
        clock.advance(1000);
        await store.announcements.publish(event.id, { title: "Break", body: "Back at 15:00", agendaItemId: item.id });
        expect((await store.announcements.list(event.id)).map((a) => a.title)).toEqual(["Break", "Welcome"]);
        await expectCode(store.announcements.publish(event.id, { title: "x", body: "y", agendaItemId: "missing" }), "not_found");
      });
    });

    describe("participants", () => {
      it("enforces one email per event, case-insensitively", async () => {
        const { event } = await setup(0);
        const ada = await store.participants.add(event.id, { name: "Ada", email: "Ada@Example.org", weight: 3, group: "Youth" });
        expect(ada).toMatchObject({ email: "ada@example.org", weight: 3, eligible: true, group: "Youth", region: null });
        await expectCode(store.participants.add(event.id, { name: "Other Ada", email: "ADA@example.org" }), "conflict");
        const ben = await store.participants.add(event.id, { name: "Ben", email: "ben@example.org" });
        await expectCode(store.participants.update(ben.id, { email: "ada@example.org" }), "conflict");
        expect(await store.participants.get(ben.id)).toEqual(ben);
        expect(await store.participants.findByEmail(event.id, " ADA@example.org")).toEqual(ada);
        const other = await store.events.create({ name: "Other" });
        await store.participants.add(other.id, { name: "Ada", email: "ada@example.org" });
      });

      it("bulk-inserts 20,000 participants in one go, in seconds", async () => {
        const event = await store.events.create({ name: "Big" });
        const started = performance.now();
        const ids = await store.participants.addMany(
          event.id,
          Array.from({ length: 20_000 }, (_, i) => ({ name: `P${i}`, email: `p${i}@big.org`, weight: 1 + (i % 3), group: `G${i % 7}` })),
        );
        expect(performance.now() - started).toBeLessThan(15_000);
        expect(new Set(ids).size).toBe(20_000);
        expect(await store.participants.count(event.id)).toEqual({
          total: 20_000,
          eligible: 20_000,
          eligibleWeight: 40_000 - 1,
          present: 0,
          presentEligible: 0,
        });
      });

      it("bulk insert is all or nothing and reports every bad row", async () => {
        const { event } = await setup(1);
        const rows = [
          { name: "Ok", email: "ok@x.org" },
          { name: "", email: "empty@x.org" },
          { name: "Bad weight", email: "w@x.org", weight: 0 },
          { name: "Bad email", email: "nope" },
        ];
        const error = await store.participants.addMany(event.id, rows).catch((caught: unknown) => caught);
        expect(isDomainError(error, "invalid")).toBe(true);
        expect((error as { details: { rows: { index: number }[] } }).details.rows.map((r) => r.index)).toEqual([1, 2, 3]);
        await expectCode(
          store.participants.addMany(event.id, [
            { name: "A", email: "dup@x.org" },
            { name: "B", email: "DUP@x.org" },
          ]),
          "conflict",
        );
        const clash = await store.participants
          .addMany(event.id, [
            { name: "New", email: "new@x.org" },
            { name: "Old", email: `m0@${event.id}.org` },
          ])
          .catch((caught: unknown) => caught);
        expect((clash as { details: { emails: string[] } }).details.emails).toEqual([`m0@${event.id}.org`]);
        expect((await store.participants.count(event.id)).total).toBe(1);
      });

      it("pages, searches and filters the list with totals", async () => {
        const { event, item, ids } = await setup(30);
        const page = await store.participants.list(event.id, { limit: 10, offset: 10 });
        expect(page.total).toBe(30);
        expect(page.items.map((p) => p.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Member ${String(i + 10).padStart(5, "0")}`));
        expect((await store.participants.list(event.id, { search: "member 0002" })).total).toBe(10);
        expect((await store.participants.list(event.id, { search: "M7@" })).items.map((p) => p.name)).toEqual(["Member 00007"]);
        expect((await store.participants.list(event.id, { search: "100%_" })).total).toBe(0);
        await store.attendance.checkIn(ids[0]!, member);
        await store.attendance.checkIn(ids[1]!, member);
        expect((await store.participants.list(event.id, { filter: { kind: "present" } })).total).toBe(2);
        expect((await store.participants.list(event.id, { filter: { kind: "absent" } })).total).toBe(28);
        const poll = await openPoll(event.id, item.id);
        await store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: ids[5]!, voterId: ids[5]!, choice: yes });
        const voted = await store.participants.list(event.id, { filter: { kind: "voted", pollId: poll.id } });
        expect(voted.items.map((p) => p.id)).toEqual([ids[5]]);
        expect((await store.participants.list(event.id, { filter: { kind: "not_voted", pollId: poll.id } })).total).toBe(29);
        await expectCode(store.participants.list(event.id, { limit: 0 }), "invalid");
      });

      it("lists whom the chairs still wait for: eligible, present, not voted (through anyone), never by choice", async () => {
        const { event, item, ids } = await setup(6);
        const [voter, principal, delegate, absent, ineligible, waiting] = ids as [string, string, string, string, string, string];
        await store.participants.update(ineligible, { eligible: false });
        await store.proxies.grant(principal, delegate);
        for (const id of [voter, principal, delegate, ineligible, waiting]) await store.attendance.checkIn(id, member);
        const poll = await openPoll(event.id, item.id, { secret: true });
        await store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: voter, voterId: voter, choice: yes });
        await store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: principal, voterId: delegate, choice: no });
        const list = async (kind: "voted" | "not_voted" | "present_not_voted") => {
          const page = await store.participants.list(event.id, { filter: { kind, pollId: poll.id } });
          expect(page.total).toBe(page.items.length);
          return page.items.map((p) => p.id).sort();
        };
        expect(await list("voted")).toEqual([voter, principal].sort());
        expect(await list("not_voted")).toEqual([delegate, absent, waiting].sort());
        expect(await list("present_not_voted")).toEqual([delegate, waiting].sort());
        expect(
          (await store.participants.list(event.id, { filter: { kind: "present_not_voted", pollId: poll.id }, search: "00005" })).items.map(
            (p) => p.id,
          ),
        ).toEqual([waiting]);
        const other = await setup(1);
        const elsewhere = await openPoll(other.event.id, other.item.id);
        await expectCode(store.participants.list(event.id, { filter: { kind: "present_not_voted", pollId: elsewhere.id } }), "not_found");
        await expectCode(store.participants.list(event.id, { filter: { kind: "voted", pollId: "missing" } }), "not_found");
      });
    });

    describe("invitations, admins, sessions", () => {
      it("re-issuing an invitation revokes the old link; revocation ends all", async () => {
        const { ids } = await setup(1);
        const participant = ids[0]!;
        await store.invitations.issue(participant, tokenHash("first"));
        expect((await store.invitations.findParticipant(tokenHash("first")))?.id).toBe(participant);
        await store.invitations.issue(participant, tokenHash("second"));
        expect(await store.invitations.findParticipant(tokenHash("first"))).toBeUndefined();
        expect((await store.invitations.findParticipant(tokenHash("second")))?.id).toBe(participant);
        await expectCode(store.invitations.issue(participant, tokenHash("second")), "conflict");
        await store.invitations.revoke(participant);
        expect(await store.invitations.findParticipant(tokenHash("second"))).toBeUndefined();
        await expectCode(store.invitations.issue(participant, "plain-token"), "invalid");
        const stored = await harness.raw(`select token_hash from invitations where participant_id = '${participant}'`);
        expect(stored.map((r) => r.token_hash).sort()).toEqual([tokenHash("first"), tokenHash("second")].sort());
      });

      it("answers many concurrent link lookups each on its own: unknown, malformed and revoked links find no one", async () => {
        const { ids } = await setup(30);
        const hashes = ids.map((id) => tokenHash(`link of ${id}`));
        await store.invitations.issueMany(ids.map((participantId, i) => ({ participantId, tokenHash: hashes[i]! })));
        await store.invitations.revoke(ids[3]!);
        const asked = [...hashes, hashes[5]!, tokenHash(`no link ${ids[0]}`), "not-a-hash"];
        const found = await Promise.all(asked.map((hash) => store.invitations.findParticipant(hash)));
        expect(found.map((participant) => participant?.id)).toEqual([
          ...ids.map((id, i) => (i === 3 ? undefined : id)),
          ids[5],
          undefined,
          undefined,
        ]);
        // A lookup asked once a revocation returned sees it, even with others of the same burst still pending.
        const pending = ids.map((_, i) => store.invitations.findParticipant(hashes[i]!));
        await store.invitations.revoke(ids[7]!);
        const after = store.invitations.findParticipant(hashes[7]!);
        await Promise.all(pending);
        expect(await after).toBeUndefined();
      });

      it("answers many concurrent reads of participants, presence and voted flags each as its own query would", async () => {
        const { event, item, ids } = await setup(12);
        const other = await setup(2);
        const poll = await openPoll(event.id, item.id);
        await castOwn(poll.id, ids[1]!, yes);
        await store.attendance.checkIn(ids[2]!, member);
        await store.attendance.checkIn(ids[3]!, member);
        await store.attendance.checkOut(ids[3]!, { kind: "lapse" });
        await store.proxies.grant(ids[4]!, ids[5]!);
        const missing = randomUUID();
        // All asked in one turn of the event loop, so they share their queries.
        const [people, present, changes, voted, polls, proxies, otherProxies, unknown, unknownChange] = await Promise.all([
          Promise.all(ids.map((id) => store.participants.get(id))),
          Promise.all(ids.map((id) => store.attendance.isPresent(id))),
          Promise.all(ids.map((id) => store.attendance.lastChange(id))),
          Promise.all(ids.map((id) => store.ballots.hasVoted(poll.id, id))),
          Promise.all([store.polls.list(event.id), store.polls.list(event.id), store.polls.list(other.event.id)]),
          store.proxies.list(event.id),
          store.proxies.list(other.event.id),
          store.participants.get(missing).catch((error: unknown) => error),
          store.attendance.lastChange(missing).catch((error: unknown) => error),
        ]);
        expect(people.map((p) => [p.id, p.eventId, p.name])).toEqual(
          ids.map((id, i) => [id, event.id, `Member ${String(i).padStart(5, "0")}`]),
        );
        expect(present.map((p, i) => [i, p]).filter(([, p]) => p)).toEqual([[2, true]]);
        expect(changes.slice(0, 4)).toEqual([null, null, { kind: "in", by: "member" }, { kind: "out", by: "lapse" }]);
        expect(voted.map((v, i) => [i, v]).filter(([, v]) => v)).toEqual([[1, true]]);
        expect(polls.map((list) => list.map((p) => p.id))).toEqual([[poll.id], [poll.id], []]);
        // Each caller gets a list of its own.
        expect(polls[0]).not.toBe(polls[1]);
        expect(proxies.map((p) => [p.principalId, p.delegateId])).toEqual([[ids[4], ids[5]]]);
        expect(otherProxies).toEqual([]);
        expect(isDomainError(unknown, "not_found")).toBe(true);
        expect(isDomainError(unknownChange, "not_found")).toBe(true);
        // A read asked once a write returned sees it, even with reads of the same burst still pending.
        const pending = ids.map((id) => store.ballots.hasVoted(poll.id, id));
        await castOwn(poll.id, ids[6]!, no);
        const after = store.ballots.hasVoted(poll.id, ids[6]!);
        await Promise.all(pending);
        expect(await after).toBe(true);
        // An unknown event's refusal is its own callers' alone.
        const [refused, known] = await Promise.all([
          store.proxies.list(missing).catch((error: unknown) => error),
          store.proxies.list(event.id),
        ]);
        expect(isDomainError(refused, "not_found")).toBe(true);
        expect(known).toHaveLength(1);
      });

      it("issues many invitations in one all-or-nothing call, optionally keeping active ones", async () => {
        const { ids } = await setup(4);
        const [a, b, c, d] = ids as [string, string, string, string];
        const active = async () => {
          const found = await Promise.all(
            ["a1", "a2", "b1", "b2", "c1", "c2", "d1", "d2"].map(
              async (t) => [t, (await store.invitations.findParticipant(tokenHash(t)))?.id] as const,
            ),
          );
          return found.filter(([, id]) => id !== undefined).map(([t]) => t);
        };
        expect(
          await store.invitations.issueMany([
            { participantId: a, tokenHash: tokenHash("a1") },
            { participantId: b, tokenHash: tokenHash("b1") },
          ]),
        ).toEqual([a, b]);
        await store.invitations.revoke(b);
        const refusals = [
          [
            [
              { participantId: c, tokenHash: tokenHash("c1") },
              { participantId: "missing", tokenHash: tokenHash("x") },
            ],
            "not_found",
          ],
          [
            [
              { participantId: c, tokenHash: tokenHash("c1") },
              { participantId: d, tokenHash: tokenHash("a1") },
            ],
            "conflict",
          ],
          [
            [
              { participantId: c, tokenHash: tokenHash("c1") },
              { participantId: d, tokenHash: tokenHash("c1") },
            ],
            "conflict",
          ],
          [
            [
              { participantId: c, tokenHash: tokenHash("c1") },
              { participantId: d, tokenHash: "not-a-hash" },
            ],
            "invalid",
          ],
        ] as const;
        for (const [entries, code] of refusals) await expectCode(store.invitations.issueMany(entries), code);
        expect(await active()).toEqual(["a1"]);
        const kept = await store.invitations.issueMany(
          [a, b, c, d].map((id, i) => ({ participantId: id, tokenHash: tokenHash(`${"abcd"[i]}2`) })),
          { skipInvited: true },
        );
        expect(kept).toEqual([b, c, d]);
        expect(await active()).toEqual(["a1", "b2", "c2", "d2"]);
        expect(
          await store.invitations.issueMany([
            { participantId: c, tokenHash: tokenHash("c1") },
            { participantId: c, tokenHash: tokenHash("d1") },
          ]),
        ).toEqual([c]);
        expect(await active()).toEqual(["a1", "b2", "d1", "d2"]);
        expect((await store.invitations.findParticipant(tokenHash("d1")))?.id).toBe(c);
        expect(await store.invitations.issueMany([])).toEqual([]);
      });

      it("issues 20,000 invitations in seconds", async () => {
        const { ids } = await setup(20_000);
        const entries = ids.map((id, i) => ({ participantId: id, tokenHash: tokenHash(`bulk-${i}-${id}`) }));
        const started = performance.now();
        expect((await store.invitations.issueMany(entries)).length).toBe(20_000);
        expect(
          await store.invitations.issueMany(
            entries.map((e) => ({ ...e, tokenHash: tokenHash(`again-${e.participantId}`) })),
            { skipInvited: true },
          ),
        ).toEqual([]);
        expect(performance.now() - started).toBeLessThan(10_000);
        expect((await store.invitations.findParticipant(entries[19_999]!.tokenHash))?.id).toBe(ids[19_999]);
      });

      it("manages admins, per-event roles and the last owner", async () => {
        const event = await store.events.create({ name: "Roles" });
        const owner = await store.admins.create({ email: `Owner-${event.id}@x.org`, name: "Owner", passwordHash: "scrypt$abc" });
        const chair = await store.admins.create({ email: `chair-${event.id}@x.org`, name: "Chair", passwordHash: "scrypt$def" });
        await expectCode(store.admins.create({ email: `owner-${event.id}@X.org`, name: "Dup", passwordHash: "h" }), "conflict");
        expect((await store.admins.findByEmail(`OWNER-${event.id}@x.org`))?.id).toBe(owner.id);
        await store.roles.grant(event.id, owner.id, "owner");
        await store.roles.grant(event.id, chair.id, "chair");
        expect(await store.roles.get(event.id, chair.id)).toBe("chair");
        await expectCode(store.roles.revoke(event.id, owner.id), "last_owner");
        await expectCode(store.roles.grant(event.id, owner.id, "observer"), "last_owner");
        await expectCode(store.roles.grant(event.id, chair.id, "king" as "owner"), "invalid");
        await store.roles.grant(event.id, chair.id, "owner");
        await store.roles.revoke(event.id, owner.id);
        expect(await store.roles.get(event.id, owner.id)).toBeUndefined();
        expect((await store.admins.listEvents(chair.id)).map((r) => [r.event.id, r.role])).toEqual([[event.id, "owner"]]);
        await store.admins.setPassword(owner.id, "scrypt$new");
        expect((await store.admins.get(owner.id)).passwordHash).toBe("scrypt$new");
      });

      it("finds sessions until they expire", async () => {
        const admin = await store.admins.create({ email: `s-${randomUUID()}@x.org`, name: "S", passwordHash: "h" });
        await store.sessions.create(tokenHash("session"), admin.id, new Date(clock.now() + 60_000));
        expect(await store.sessions.find(tokenHash("session"))).toEqual({
          adminId: admin.id,
          expiresAt: new Date(clock.now() + 60_000).toISOString(),
        });
        clock.advance(60_000);
        expect(await store.sessions.find(tokenHash("session"))).toBeUndefined();
        expect(await store.sessions.deleteExpired()).toBeGreaterThanOrEqual(1);
        await store.sessions.create(tokenHash("other"), admin.id, new Date(clock.now() + 60_000));
        await store.sessions.delete(tokenHash("other"));
        await store.sessions.delete(tokenHash("other"));
        expect(await store.sessions.find(tokenHash("other"))).toBeUndefined();
      });

      it("ends all sessions of one admin, or all but one, and nobody else's", async () => {
        const admin = await store.admins.create({ email: `all-${randomUUID()}@x.org`, name: "A", passwordHash: "h" });
        const other = await store.admins.create({ email: `other-${randomUUID()}@x.org`, name: "O", passwordHash: "h" });
        const until = new Date(clock.now() + 60_000);
        for (const token of ["phone", "laptop", "tablet"]) await store.sessions.create(tokenHash(`${admin.id}${token}`), admin.id, until);
        await store.sessions.create(tokenHash(`${other.id}desk`), other.id, until);
        expect(await store.sessions.deleteAll(admin.id, tokenHash(`${admin.id}laptop`))).toBe(2);
        expect(await store.sessions.find(tokenHash(`${admin.id}phone`))).toBeUndefined();
        expect(await store.sessions.find(tokenHash(`${admin.id}laptop`))).toMatchObject({ adminId: admin.id });
        expect(await store.sessions.deleteAll(admin.id)).toBe(1);
        expect(await store.sessions.deleteAll(admin.id)).toBe(0);
        expect(await store.sessions.find(tokenHash(`${admin.id}laptop`))).toBeUndefined();
        expect(await store.sessions.find(tokenHash(`${other.id}desk`))).toMatchObject({ adminId: other.id });
      });
    });

    describe("polls", () => {
      it("opens only in an open event, freezes the eligible weight, and follows the status machine", async () => {
        const event = await store.events.create({ name: "Polls" });
        const item = await store.agenda.add(event.id, { title: "Item" });
        await store.participants.addMany(event.id, [
          { name: "A", email: "a@x.org", weight: 2 },
          { name: "B", email: "b@x.org", weight: 3 },
          { name: "C", email: "c@x.org", eligible: false },
        ]);
        const poll = await store.polls.create(event.id, {
          agendaItemId: item.id,
          title: "Choose",
          kind: "single_choice",
          options: [{ label: "X" }, { label: "Y" }],
        });
        expect(await store.polls.update(poll.id, { secret: true, title: "Choose well" })).toMatchObject({
          secret: true,
          title: "Choose well",
          status: "draft",
        });
        await expectCode(store.polls.setStatus(poll.id, "open"), "invalid_transition");
        await store.events.setStatus(event.id, "open");
        const opened = await store.polls.setStatus(poll.id, "open");
        expect(opened).toMatchObject({ status: "open", eligibleCount: 2, eligibleWeight: 5 });
        await expectCode(store.participants.add(event.id, { name: "Late", email: "late@x.org" }), "electorate_frozen");
        expect((await store.polls.get(poll.id)).eligibleWeight).toBe(5);
        await expectCode(store.polls.update(poll.id, { title: "Too late" }), "invalid_transition");
        await expectCode(store.polls.delete(poll.id), "invalid_transition");
        await expectCode(store.polls.setStatus(poll.id, "published"), "invalid_transition");
        await expectCode(store.events.setStatus(event.id, "closed"), "polls_still_open");
        await store.polls.setStatus(poll.id, "closed");
        await store.polls.setStatus(poll.id, "published");
        await expectCode(store.polls.setStatus(poll.id, "open"), "invalid_transition");
        expect((await store.polls.list(event.id)).map((p) => p.status)).toEqual(["published"]);
      });

      it("refuses polls on another event's agenda item and bad definitions", async () => {
        const { event } = await setup(0);
        const other = await setup(0);
        await expectCode(store.polls.create(event.id, { agendaItemId: other.item.id, title: "X", kind: "yes_no_abstain" }), "not_found");
        await expectCode(store.polls.create(event.id, { agendaItemId: other.item.id, title: "X", kind: "single_choice" }), "invalid");
        expect(await store.polls.list(event.id)).toEqual([]);
      });
    });

    describe("ballots", () => {
      it("casts, gives a verifiable receipt, and is idempotent by ballot id", async () => {
        const { event, item, ids } = await setup(3);
        const poll = await openPoll(event.id, item.id);
        const id = ballotId();
        const receipt = await store.ballots.cast({ ballotId: id, pollId: poll.id, principalId: ids[0]!, voterId: ids[0]!, choice: yes });
        expect(receipt).toMatchObject({ pollId: poll.id, principalId: ids[0], ballotId: id, weight: 1 });
        expect(receipt.receipt).toMatch(/^[A-Z2-7]{24}$/);
        expect(await store.ballots.verifyReceipt(receipt.receipt)).toEqual({ counted: true, pollId: poll.id });
        expect(await store.ballots.verifyReceipt("AAAAAAAAAAAAAAAAAAAAAAAA")).toEqual({ counted: false, pollId: null });
        expect(await store.ballots.verifyReceipt("'; drop table ballots; --")).toEqual({ counted: false, pollId: null });
        expect(await store.ballots.cast({ ballotId: id, pollId: poll.id, principalId: ids[0]!, voterId: ids[0]!, choice: no })).toEqual(
          receipt,
        );
        await expectCode(
          store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: ids[0]!, voterId: ids[0]!, choice: no }),
          "already_voted",
        );
        expect(await store.ballots.hasVoted(poll.id, ids[0]!)).toBe(true);
        expect(await store.ballots.hasVoted(poll.id, ids[1]!)).toBe(false);
        const { tally } = await store.ballots.tally(poll.id);
        expect(tally.options.map((o) => o.weight)).toEqual([1, 0]);
      });

      it("refuses votes on closed polls but still answers retries; bad ballots change nothing", async () => {
        const { event, item, ids } = await setup(3);
        const poll = await openPoll(event.id, item.id);
        const id = ballotId();
        const receipt = await store.ballots.cast({ ballotId: id, pollId: poll.id, principalId: ids[0]!, voterId: ids[0]!, choice: yes });
        await expectCode(
          store.ballots.cast({
            ballotId: ballotId(),
            pollId: poll.id,
            principalId: ids[1]!,
            voterId: ids[1]!,
            choice: { kind: "options", optionIds: ["maybe"] },
          }),
          "invalid",
        );
        await expectCode(
          store.ballots.cast({ ballotId: "short", pollId: poll.id, principalId: ids[1]!, voterId: ids[1]!, choice: yes }),
          "invalid",
        );
        await expectCode(
          store.ballots.cast({ ballotId: ballotId(), pollId: "missing", principalId: ids[1]!, voterId: ids[1]!, choice: yes }),
          "not_found",
        );
        expect(await store.ballots.hasVoted(poll.id, ids[1]!)).toBe(false);
        await store.polls.setStatus(poll.id, "closed");
        await expectCode(
          store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: ids[1]!, voterId: ids[1]!, choice: yes }),
          "poll_not_open",
        );
        expect(await store.ballots.cast({ ballotId: id, pollId: poll.id, principalId: ids[0]!, voterId: ids[0]!, choice: yes })).toEqual(
          receipt,
        );
        expect((await store.ballots.tally(poll.id)).tally.turnout.count).toBe(1);
        const draft = await store.polls.create(event.id, { agendaItemId: item.id, title: "Later", kind: "yes_no_abstain" });
        await expectCode(
          store.ballots.cast({ ballotId: ballotId(), pollId: draft.id, principalId: ids[1]!, voterId: ids[1]!, choice: yes }),
          "poll_not_open",
        );
      });

      it("refuses ineligible participants, participants of other events, and absent voters when presence is required", async () => {
        const { event, item, ids } = await setup(2, { presentOnlyVoting: true });
        await store.participants.update(ids[1]!, { eligible: false });
        const poll = await openPoll(event.id, item.id);
        await expectCode(
          store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: ids[1]!, voterId: ids[1]!, choice: yes }),
          "not_eligible",
        );
        await expectCode(
          store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: ids[0]!, voterId: ids[0]!, choice: yes }),
          "not_present",
        );
        const stranger = (await setup(1)).ids[0]!;
        await expectCode(
          store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: stranger, voterId: stranger, choice: yes }),
          "not_found",
        );
        await store.attendance.checkIn(ids[0]!, member);
        await store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: ids[0]!, voterId: ids[0]!, choice: yes });
        expect((await store.ballots.tally(poll.id)).tally.turnout.count).toBe(1);
      });

      it("tells only an entitled voter whether a principal voted; the voter of record's retry keeps its receipt", async () => {
        const { event, item, ids } = await setup(4);
        const [delegate, principal, stranger, silent] = ids as [string, string, string, string];
        await store.proxies.grant(principal, delegate);
        const poll = await openPoll(event.id, item.id);
        const id = ballotId();
        const receipt = await store.ballots.cast({ ballotId: id, pollId: poll.id, principalId: principal, voterId: delegate, choice: yes });
        // The same refusal whether or not the principal voted: a probe learns nothing.
        await expectCode(
          store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: principal, voterId: stranger, choice: yes }),
          "not_entitled",
        );
        await expectCode(
          store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: silent, voterId: stranger, choice: yes }),
          "not_entitled",
        );
        await expectCode(
          store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: principal, voterId: principal, choice: yes }),
          "not_entitled",
        );
        await expectCode(
          store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: principal, voterId: delegate, choice: no }),
          "already_voted",
        );
        expect(await store.ballots.cast({ ballotId: id, pollId: poll.id, principalId: principal, voterId: delegate, choice: yes })).toEqual(
          receipt,
        );
        const racing = await Promise.allSettled([
          store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: silent, voterId: silent, choice: no }),
          store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: silent, voterId: stranger, choice: yes }),
        ]);
        expect(racing[0].status).toBe("fulfilled");
        expect(racing[1].status === "rejected" && isDomainError(racing[1].reason) ? racing[1].reason.code : racing[1]).toBe("not_entitled");
        await store.proxies.revoke(principal);
        expect(await store.ballots.cast({ ballotId: id, pollId: poll.id, principalId: principal, voterId: delegate, choice: yes })).toEqual(
          receipt,
        );
        await expectCode(
          store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: principal, voterId: principal, choice: no }),
          "already_voted",
        );
        await store.polls.setStatus(poll.id, "closed");
        expect(await store.ballots.cast({ ballotId: id, pollId: poll.id, principalId: principal, voterId: delegate, choice: yes })).toEqual(
          receipt,
        );
        await expectCode(
          store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: principal, voterId: stranger, choice: yes }),
          "poll_not_open",
        );
        expect((await store.ballots.tally(poll.id)).tally.turnout.count).toBe(2);
      });

      it("uses the principal's weight frozen when the poll opened; later changes wait and leave cast ballots alone", async () => {
        const { event, item, ids } = await setup(2);
        await store.participants.update(ids[0]!, { weight: 7 });
        const poll = await openPoll(event.id, item.id);
        await expectCode(store.participants.update(ids[0]!, { weight: 1 }), "electorate_frozen");
        expect((await castOwn(poll.id, ids[0]!, yes)).weight).toBe(7);
        await store.polls.setStatus(poll.id, "closed");
        await store.participants.update(ids[0]!, { weight: 1 });
        expect((await store.ballots.tally(poll.id)).tally.options[0]?.weight).toBe(7);
      });

      it("freezes the electorate while any poll of the event is open, and only what changes it", async () => {
        const { event, item, ids } = await setup(3);
        const [a, b, c] = ids as [string, string, string];
        await store.participants.update(c, { eligible: false, weight: 4 });
        const poll = await openPoll(event.id, item.id);
        expect(poll).toMatchObject({ eligibleCount: 2, eligibleWeight: 2 });
        // Refused: anything that changes the count or weight the poll froze, all or nothing.
        await expectCode(store.participants.update(a, { weight: 1_000_000_000 }), "electorate_frozen");
        await expectCode(store.participants.update(a, { eligible: false }), "electorate_frozen");
        await expectCode(store.participants.update(c, { eligible: true }), "electorate_frozen");
        await expectCode(store.participants.add(event.id, { name: "Late", email: `late@${event.id}.org` }), "electorate_frozen");
        await expectCode(
          store.participants.addMany(event.id, [
            { name: "Guest", email: `guest@${event.id}.org`, eligible: false },
            { name: "Voter", email: `voter@${event.id}.org` },
          ]),
          "electorate_frozen",
        );
        expect((await store.participants.count(event.id)).total).toBe(3);
        // Allowed: names and emails, people without a vote, and the weight of someone without one.
        await store.participants.update(a, { name: "Renamed", weight: 1 });
        await store.participants.update(c, { weight: 9 });
        await store.participants.addMany(event.id, [{ name: "Guest", email: `guest@${event.id}.org`, eligible: false }]);
        await castOwn(poll.id, a, yes);
        await castOwn(poll.id, b, no);
        const { tally } = await store.ballots.tally(poll.id);
        expect(tally.turnout).toEqual({ count: 2, weight: 2 });
        expect(tally.integrity).toEqual({ turnoutExceedsEligible: false });
        // Once no poll is open, the electorate may change again; the closed poll keeps its figures.
        await store.polls.setStatus(poll.id, "closed");
        await store.participants.update(a, { weight: 5 });
        await store.participants.add(event.id, { name: "Late", email: `late@${event.id}.org` });
        expect(await store.polls.get(poll.id)).toMatchObject({ eligibleCount: 2, eligibleWeight: 2 });
        expect((await store.ballots.tally(poll.id)).tally.turnout).toEqual({ count: 2, weight: 2 });
      });

      it("lets proxies change while a poll is open without a principal counting twice", async () => {
        const { event, item, ids } = await setup(3, { proxyCapPerDelegate: 2 });
        const [delegate, early, late] = ids as [string, string, string];
        const poll = await openPoll(event.id, item.id);
        await castOwn(poll.id, early, yes);
        // Delegated after voting: the vote is spent, the delegate cannot cast it again.
        await store.proxies.grant(early, delegate);
        await store.proxies.grant(late, delegate);
        await expectCode(
          store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: early, voterId: delegate, choice: no }),
          "already_voted",
        );
        for (const principal of [delegate, late]) {
          await store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: principal, voterId: delegate, choice: no });
        }
        const { tally } = await store.ballots.tally(poll.id);
        expect(tally.turnout).toEqual({ count: 3, weight: 3 });
        expect(tally.eligible).toEqual({ count: 3, weight: 3 });
        expect(tally.integrity.turnoutExceedsEligible).toBe(false);
      });

      it("lets a delegate cast a different ballot per principal, and a principal take the vote back", async () => {
        const { event, item, ids } = await setup(4, { proxyCapPerDelegate: 2 });
        const [delegate, p1, p2, p3] = ids as [string, string, string, string];
        await store.proxies.grant(p1, delegate);
        await store.proxies.grant(p2, delegate);
        await expectCode(store.proxies.grant(p3, delegate), "proxy_cap_reached");
        await expectCode(store.proxies.grant(delegate, p3), "proxy_rejected");
        await expectCode(store.proxies.grant(p1, p3), "already_delegated");
        await expectCode(store.proxies.grant(p3, p3), "invalid");
        const poll = await openPoll(event.id, item.id, {
          kind: "single_choice",
          options: [
            { id: "a", label: "A" },
            { id: "b", label: "B" },
          ],
        });
        expect((await store.ballots.listEntitlements(poll.id, delegate)).map((e) => [e.principalId, e.hasVoted]).sort()).toEqual(
          [
            [delegate, false],
            [p1, false],
            [p2, false],
          ].sort(),
        );
        await store.ballots.cast({
          ballotId: ballotId(),
          pollId: poll.id,
          principalId: p1,
          voterId: delegate,
          choice: { kind: "options", optionIds: ["a"] },
        });
        await expectCode(
          store.ballots.cast({
            ballotId: ballotId(),
            pollId: poll.id,
            principalId: p2,
            voterId: p2,
            choice: { kind: "options", optionIds: ["a"] },
          }),
          "not_entitled",
        );
        await expectCode(
          store.ballots.cast({
            ballotId: ballotId(),
            pollId: poll.id,
            principalId: p2,
            voterId: p3,
            choice: { kind: "options", optionIds: ["a"] },
          }),
          "not_entitled",
        );
        await store.proxies.revoke(p2);
        await expectCode(
          store.ballots.cast({
            ballotId: ballotId(),
            pollId: poll.id,
            principalId: p2,
            voterId: delegate,
            choice: { kind: "options", optionIds: ["b"] },
          }),
          "not_entitled",
        );
        await store.ballots.cast({
          ballotId: ballotId(),
          pollId: poll.id,
          principalId: p2,
          voterId: p2,
          choice: { kind: "options", optionIds: ["b"] },
        });
        await store.ballots.cast({
          ballotId: ballotId(),
          pollId: poll.id,
          principalId: delegate,
          voterId: delegate,
          choice: { kind: "options", optionIds: ["b"] },
        });
        await store.proxies.revoke(p1);
        await expectCode(
          store.ballots.cast({
            ballotId: ballotId(),
            pollId: poll.id,
            principalId: p1,
            voterId: p1,
            choice: { kind: "options", optionIds: ["b"] },
          }),
          "already_voted",
        );
        expect((await store.ballots.tally(poll.id)).tally.options.map((o) => o.weight)).toEqual([1, 2]);
        const named = await store.ballots.listNamed(poll.id);
        expect(named.find((b) => b.participantId === p1)).toMatchObject({
          voterId: delegate,
          choice: { kind: "options", optionIds: ["a"] },
        });
        expect((await store.proxies.list(event.id)).length).toBe(0);
      });

      it("follows chains only when the event allows them", async () => {
        const { event, item, ids } = await setup(3, { allowProxyChains: true, proxyCapPerDelegate: 3 });
        const [a, b, c] = ids as [string, string, string];
        await store.proxies.grant(a, b);
        await store.proxies.grant(b, c);
        await expectCode(store.proxies.grant(c, a), "proxy_rejected");
        const poll = await openPoll(event.id, item.id);
        await expectCode(
          store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: a, voterId: b, choice: yes }),
          "not_entitled",
        );
        await store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: a, voterId: c, choice: yes });
        expect((await store.ballots.listEntitlements(poll.id, c)).map((e) => e.principalId).sort()).toEqual([a, b, c].sort());
        expect((await store.proxies.get(a))?.delegateId).toBe(b);
      });

      it("keeps a secret poll's receipts apart from its choices: they prove a ballot counted, never what it said", async () => {
        const { event, item, ids } = await setup(5, { proxyCapPerDelegate: 1 });
        await store.proxies.grant(ids[4]!, ids[3]!);
        const poll = await openPoll(event.id, item.id, { secret: true });
        const receipts = [];
        for (const [index, id] of ids.slice(0, 4).entries()) receipts.push(await castOwn(poll.id, id, index % 2 === 0 ? yes : no));
        receipts.push(
          await store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: ids[4]!, voterId: ids[3]!, choice: yes }),
        );
        expect(await harness.raw(`select * from ballots where poll_id = '${poll.id}'`)).toEqual([]);
        const sealed = await harness.raw(`select * from sealed_ballots where poll_id = '${poll.id}'`);
        const hashed = await harness.raw(`select * from ballot_receipts where poll_id = '${poll.id}'`);
        expect([sealed.length, hashed.length]).toEqual([5, 5]);
        const stored = JSON.stringify([...sealed, ...hashed]);
        for (const id of ids) expect(stored).not.toContain(id);
        const voterRows = JSON.stringify(await harness.raw(`select * from poll_voters where poll_id = '${poll.id}'`));
        for (const { receipt } of receipts) {
          expect(voterRows).not.toContain(receipt);
          expect(stored).not.toContain(receipt);
          expect(await store.ballots.verifyReceipt(receipt)).toEqual({ counted: true, pollId: poll.id });
        }
        await expectCode(store.ballots.listNamed(poll.id), "invalid");
        // Nobody sees a secret poll's result before it closes; turnout is public.
        await expectCode(store.ballots.tally(poll.id), "invalid_transition");
        expect((await store.reports.openPollTurnout(event.id)).map((t) => t.count)).toEqual([5]);
        await store.polls.setStatus(poll.id, "closed");
        for (const { receipt } of receipts) expect(await store.ballots.verifyReceipt(receipt)).toEqual({ counted: true, pollId: poll.id });
        expect((await store.ballots.tally(poll.id)).tally.options.map((o) => o.weight)).toEqual([3, 2]);
      });

      it("stores exactly one ballot when 200 casts for one principal race", async () => {
        const { event, item, ids } = await setup(1);
        const poll = await openPoll(event.id, item.id);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 200 }, () =>
            store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: ids[0]!, voterId: ids[0]!, choice: yes }),
          ),
        );
        expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
        for (const o of outcomes) if (o.status === "rejected") expect(isDomainError(o.reason, "already_voted")).toBe(true);
        expect(await harness.raw(`select principal_id from poll_voters where poll_id = '${poll.id}'`)).toHaveLength(1);
        expect(await harness.raw(`select id from ballots where poll_id = '${poll.id}'`)).toHaveLength(1);
      });

      const raceTwoStores = async () => {
        const { event, item, ids } = await setup(2);
        const poll = await openPoll(event.id, item.id);
        const other = await harness.open();
        try {
          const sharedId = ballotId();
          const outcomes = await Promise.allSettled([
            ...Array.from({ length: 50 }, (_, i) =>
              (i % 2 === 0 ? store : other).ballots.cast({
                ballotId: ballotId(),
                pollId: poll.id,
                principalId: ids[0]!,
                voterId: ids[0]!,
                choice: yes,
              }),
            ),
            ...Array.from({ length: 50 }, (_, i) =>
              (i % 2 === 0 ? store : other).ballots.cast({
                ballotId: sharedId,
                pollId: poll.id,
                principalId: ids[1]!,
                voterId: ids[1]!,
                choice: no,
              }),
            ),
          ]);
          const first = outcomes.slice(0, 50);
          expect(first.filter((o) => o.status === "fulfilled")).toHaveLength(1);
          for (const o of first) if (o.status === "rejected") expect(isDomainError(o.reason, "already_voted")).toBe(true);
          const second = outcomes.slice(50);
          const receipts = new Set(second.map((o) => (o.status === "fulfilled" ? o.value.receipt : String(o.reason))));
          expect(receipts.size).toBe(1);
          expect(await harness.raw(`select principal_id from poll_voters where poll_id = '${poll.id}'`)).toHaveLength(2);
          expect(await harness.raw(`select id from ballots where poll_id = '${poll.id}'`)).toHaveLength(2);
        } finally {
          await other.close();
        }
      };
      if (options.concurrentStoresInProcess) it("keeps one ballot per principal when two stores on the same database race", raceTwoStores);

      const raceElectorate = async () => {
        const other = await harness.open();
        try {
          for (let round = 0; round < 10; round++) {
            const { event, item, ids } = await setup(3);
            const poll = await store.polls.create(event.id, { agendaItemId: item.id, title: "Race", kind: "yes_no_abstain" });
            const [opened, changed] = await Promise.allSettled([
              store.polls.setStatus(poll.id, "open"),
              other.participants.update(ids[round % 3]!, { weight: 50 }),
            ]);
            expect(opened.status).toBe("fulfilled");
            if (changed.status === "rejected") expect(isDomainError(changed.reason, "electorate_frozen")).toBe(true);
            // Whichever committed first, the frozen figures are the electorate ballots will be cast with.
            const counts = await store.participants.count(event.id);
            expect(await store.polls.get(poll.id)).toMatchObject({ eligibleCount: counts.eligible, eligibleWeight: counts.eligibleWeight });
          }
        } finally {
          await other.close();
        }
      };
      if (options.concurrentStoresInProcess)
        it("never freezes an electorate a concurrent change misses, across two stores", raceElectorate);

      it("gives every racing retry of the same ballot id the same receipt", async () => {
        const { event, item, ids } = await setup(1);
        const poll = await openPoll(event.id, item.id);
        const id = ballotId();
        const receipts = await Promise.all(
          Array.from({ length: 50 }, () =>
            store.ballots.cast({ ballotId: id, pollId: poll.id, principalId: ids[0]!, voterId: ids[0]!, choice: yes }),
          ),
        );
        expect(new Set(receipts.map((r) => r.receipt)).size).toBe(1);
      });

      it("stores every ballot of 300 participants casting at once, and the tally matches", async () => {
        const { event, item, ids } = await setup(300);
        const poll = await openPoll(event.id, item.id, { secret: true });
        const receipts = await Promise.all(
          ids.map((id, i) =>
            store.ballots.cast({
              ballotId: ballotId(),
              pollId: poll.id,
              principalId: id,
              voterId: id,
              choice: i % 3 === 0 ? { kind: "abstain" } : i % 3 === 1 ? yes : no,
            }),
          ),
        );
        expect(new Set(receipts.map((r) => r.receipt)).size).toBe(300);
        expect(await store.reports.openPollTurnout(event.id)).toEqual([
          { pollId: poll.id, title: "Motion", count: 300, weight: 300, eligibleCount: 300, eligibleWeight: 300 },
        ]);
        await store.polls.setStatus(poll.id, "closed");
        const { tally } = await store.ballots.tally(poll.id);
        expect(tally.turnout).toEqual({ count: 300, weight: 300 });
        expect(tally.options.map((o) => o.weight)).toEqual([100, 100]);
        expect(tally.abstentions.weight).toBe(100);
      });

      it("counts exactly the ballots acknowledged before a racing close, and refuses later ones", async () => {
        const { event, item, ids } = await setup(201);
        const poll = await openPoll(event.id, item.id);
        const casts = ids
          .slice(0, 200)
          .map((id) => store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: id, voterId: id, choice: yes }));
        const closing = new Promise((resolve) => setTimeout(resolve, 5)).then(() => store.polls.setStatus(poll.id, "closed"));
        const outcomes = await Promise.allSettled(casts);
        await closing;
        for (const o of outcomes) if (o.status === "rejected") expect(isDomainError(o.reason, "poll_not_open")).toBe(true);
        const acknowledged = outcomes.filter((o) => o.status === "fulfilled").length;
        expect((await store.ballots.tally(poll.id)).tally.turnout.count).toBe(acknowledged);
        await expectCode(
          store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: ids[200]!, voterId: ids[200]!, choice: yes }),
          "poll_not_open",
        );
      });

      it("lists results of closed polls in agenda order, with winners", async () => {
        const { event, item, ids } = await setup(3);
        const second = await store.agenda.add(event.id, { title: "Elections", position: 0 });
        const motion = await openPoll(event.id, item.id, { title: "Motion", majority: { kind: "two_thirds" } });
        const election = await openPoll(event.id, second.id, {
          title: "Board",
          kind: "multiple_choice",
          options: [{ label: "Ada" }, { label: "Ben" }, { label: "Cy" }],
          maxChoices: 2,
        });
        for (const [i, id] of ids.entries()) {
          await store.ballots.cast({ ballotId: ballotId(), pollId: motion.id, principalId: id, voterId: id, choice: i < 2 ? yes : no });
          await store.ballots.cast({
            ballotId: ballotId(),
            pollId: election.id,
            principalId: id,
            voterId: id,
            choice: { kind: "options", optionIds: i === 0 ? ["o1"] : ["o1", "o2"] },
          });
        }
        await store.polls.setStatus(motion.id, "closed");
        await store.polls.setStatus(election.id, "closed");
        const results = await store.ballots.listResults(event.id);
        expect(results.map((r) => [r.poll.title, r.tally.outcome, r.tally.winners])).toEqual([
          ["Board", "passed", ["o1", "o2"]],
          ["Motion", "passed", ["yes"]],
        ]);
      });
    });

    describe("secret ballots on disk", () => {
      /** Eight voters with distinct weights (powers of two times an odd number: no sum of several is anyone's weight), two per choice. */
      async function secretPoll() {
        const { event, item, ids } = await setup(8);
        const weights = ids.map((_, i) => 40_009 * 2 ** i);
        for (const [i, id] of ids.entries()) {
          await store.participants.update(id, { weight: weights[i]! });
          await store.invitations.issue(id, tokenHash(`secret ${event.id} ${i}`));
        }
        // Option ids with "_", which neither hex nor standard base64 contains: found in stored bytes only as plaintext.
        const tag = randomBytes(4).toString("hex");
        const places = ["north", "south", "east"].map((place) => ({ id: `${place}_${tag}`, label: place }));
        const poll = await openPoll(event.id, item.id, { secret: true, kind: "single_choice", options: places });
        const choices: BallotChoice[] = ids.map((_, i) =>
          i < 6 ? { kind: "options", optionIds: [places[i % 3]!.id] } : { kind: "abstain" },
        );
        return { event, poll, ids, weights, choices };
      }

      /** One cast at a time: each ballot its own commit, the easiest case to link for an attacker. */
      async function castEach(on: Store, pollId: string, ids: readonly string[], choices: readonly BallotChoice[]) {
        const receipts = [];
        for (const [i, id] of ids.entries()) {
          receipts.push(await on.ballots.cast({ ballotId: ballotId(), pollId, principalId: id, voterId: id, choice: choices[i]! }));
        }
        return receipts;
      }

      /** Every value someone could join on to name a person: ids, names, weights, receipts, hashes, timestamps. */
      async function personValues(eventId: string, pollId: string, receipts: readonly { receipt: string }[]): Promise<Set<string>> {
        const rows = [
          ...(await harness.raw(
            `select principal_id, voter_id, ballot_key_hash, sealed_receipt, weight, voted_at from poll_voters where poll_id = '${pollId}'`,
          )),
          ...(await harness.raw(`select id, name, email, weight, created_at from participants where event_id = '${eventId}'`)),
          ...(await harness.raw(
            `select i.token_hash, i.participant_id, i.created_at from invitations i join participants p on p.id = i.participant_id where p.event_id = '${eventId}'`,
          )),
        ];
        return new Set([...rows.flatMap((row) => Object.values(row).map(String)), ...receipts.map((r) => r.receipt)]);
      }

      /** Every stored value of the poll's choice, total and receipt rows. */
      async function choiceValues(pollId: string): Promise<string[]> {
        const values: string[] = [];
        for (const table of ["ballots", "sealed_ballots", "ballot_totals", "ballot_receipts"]) {
          for (const row of await harness.raw(`select * from ${table} where poll_id = '${pollId}'`)) {
            for (const [column, value] of Object.entries(row)) if (column !== "poll_id") values.push(String(value));
          }
        }
        return values;
      }

      it("stores no value that joins a secret choice to a person, while open and after close", async () => {
        const { event, poll, ids, weights, choices } = await secretPoll();
        const receipts = await castEach(store, poll.id, ids, choices);
        const people = await personValues(event.id, poll.id, receipts);
        const open = await choiceValues(poll.id);
        expect(open).toHaveLength(8 * 2 + 8);
        expect(open.filter((value) => people.has(value))).toEqual([]);
        expect(open.filter((value) => value.includes("_"))).toEqual([]);
        await store.polls.setStatus(poll.id, "closed");
        const closed = await choiceValues(poll.id);
        expect(closed.filter((value) => people.has(value))).toEqual([]);
        const { tally } = await store.ballots.tally(poll.id);
        expect(tally.options.map((o) => [o.count, o.weight])).toEqual([0, 1, 2].map((i) => [2, weights[i]! + weights[i + 3]!]));
        expect(tally.abstentions).toEqual({ count: 2, weight: weights[6]! + weights[7]! });
      });

      it(`pairs a voter with a ciphertext at most, by ${options.systemColumns ? "xmin and ctid" : "rowid and page order"}: one length, all distinct, sealed with the ballot secret`, async () => {
        const { poll, ids, weights, choices } = await secretPoll();
        await castEach(store, poll.id, ids, choices);
        const [version, position] = options.systemColumns ? ["xmin::text", "ctid"] : ["null", "rowid"];
        const voters = await harness.raw(
          `select ${version} as version, principal_id, weight from poll_voters where poll_id = '${poll.id}' order by ${position}`,
        );
        // SQLite keeps the sealed rows in their primary key's order (random ids): the order in the pages.
        const sealed = await harness.raw(
          `select ${version} as version, * from sealed_ballots where poll_id = '${poll.id}'${options.systemColumns ? " order by ctid" : ""}`,
        );
        expect(sealed).toHaveLength(voters.length);
        expect(Object.keys(sealed[0]!).sort()).toEqual(["id", "poll_id", "sealed", "version"]);
        if (options.systemColumns) {
          // Each cast committed on its own, so xmin ties each voter to exactly one sealed row, which is all it gives.
          for (const voter of voters) expect(sealed.filter((row) => row.version === voter.version)).toHaveLength(1);
        }
        const payloads = sealed.map((row) => String(row.sealed));
        expect(new Set(payloads.map((payload) => payload.length))).toEqual(new Set([sealedBallotLength]));
        expect(new Set(payloads).size).toBe(payloads.length);
        const [lock] = await harness.raw(`select ballot_salt as salt, ballot_key_check as "check" from polls where id = '${poll.id}'`);
        const stored = { salt: String(lock!.salt), check: String(lock!.check) };
        const attacker = new BallotSeal(randomBytes(32));
        expect(() => attacker.unlock(poll.id, stored, poll.options)).toThrow(BallotSecretMismatch);
        const guess = attacker.unlock(poll.id, attacker.lock(poll.id), poll.options);
        for (const payload of payloads) expect(() => guess.unseal(payload)).toThrow(/does not open/);
        // Someone who also holds the ballot secret while the poll is open is outside what this protects against.
        const insider = new BallotSeal(ballotSecret).unlock(poll.id, stored, poll.options);
        const byWeight = (a: { weight: number }, b: { weight: number }) => a.weight - b.weight;
        expect(payloads.map((payload) => insider.unseal(payload)).sort(byWeight)).toEqual(
          choices.map((choice, i) => ({ choice, weight: weights[i]! })),
        );
        await store.polls.setStatus(poll.id, "closed");
        expect(await harness.raw(`select * from sealed_ballots where poll_id = '${poll.id}'`)).toEqual([]);
        expect(await harness.raw(`select ballot_salt, ballot_key_check from polls where id = '${poll.id}'`)).toEqual([
          { ballot_salt: null, ballot_key_check: null },
        ]);
      });

      it("counts the stored ballots: voters = sealed rows while open = totals once closed, across a restart mid-poll", async () => {
        const { event, poll, ids, weights, choices } = await secretPoll();
        const first = await harness.open();
        const early = await castEach(first, poll.id, ids.slice(0, 4), choices.slice(0, 4));
        await first.close();
        const second = await harness.open();
        try {
          await castEach(second, poll.id, ids.slice(4), choices.slice(4));
          // The restarted store hands the same receipt to a retry of a ballot acknowledged before the restart.
          expect(
            await second.ballots.cast({
              ballotId: early[0]!.ballotId,
              pollId: poll.id,
              principalId: ids[0]!,
              voterId: ids[0]!,
              choice: choices[0]!,
            }),
          ).toEqual(early[0]);
          const count = async (table: string) =>
            Number((await harness.raw(`select count(*) as n from ${table} where poll_id = '${poll.id}'`))[0]!.n);
          expect([await count("poll_voters"), await count("sealed_ballots"), await count("ballot_receipts")]).toEqual([8, 8, 8]);
          const weight = weights.reduce((sum, w) => sum + w, 0);
          expect(await second.reports.openPollTurnout(event.id)).toMatchObject([{ pollId: poll.id, count: 8, weight }]);
          await second.polls.setStatus(poll.id, "closed");
          expect(await count("sealed_ballots")).toBe(0);
          const totals = await harness.raw(`select total, ballots, weight from ballot_totals where poll_id = '${poll.id}' order by total`);
          expect(totals.map((row) => [row.total, Number(row.ballots), Number(row.weight)])).toEqual(
            [
              ["abstain", 2, weights[6]! + weights[7]!],
              ...poll.options.map((option, i) => [`option:${option.id}`, 2, weights[i]! + weights[i + 3]!]),
              ["turnout", 8, weight],
            ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
          );
          expect((await store.ballots.tally(poll.id)).tally.turnout).toEqual({ count: 8, weight });
        } finally {
          await second.close();
        }
      });

      it("refuses casting and closing under another ballot secret with a clear error, changing nothing; a closed poll needs no key", async () => {
        const { poll, ids, choices } = await secretPoll();
        const [stored] = await castEach(store, poll.id, ids.slice(0, 1), choices);
        const wrong = await harness.open(randomBytes(32));
        try {
          const cast = wrong.ballots.cast({
            ballotId: ballotId(),
            pollId: poll.id,
            principalId: ids[1]!,
            voterId: ids[1]!,
            choice: choices[1]!,
          });
          await expect(cast).rejects.toThrow(BallotSecretMismatch);
          await expect(cast).rejects.toThrow(/opened with another ballot secret/);
          expect(await wrong.ballots.hasVoted(poll.id, ids[1]!)).toBe(false);
          // A retry of a stored ballot needs no key.
          expect(
            await wrong.ballots.cast({
              ballotId: stored!.ballotId,
              pollId: poll.id,
              principalId: ids[0]!,
              voterId: ids[0]!,
              choice: choices[0]!,
            }),
          ).toEqual(stored);
          await expect(wrong.polls.setStatus(poll.id, "closed")).rejects.toThrow(BallotSecretMismatch);
          expect((await store.polls.get(poll.id)).status).toBe("open");
          expect(await harness.raw(`select id from sealed_ballots where poll_id = '${poll.id}'`)).toHaveLength(1);
          expect(await harness.raw(`select total from ballot_totals where poll_id = '${poll.id}'`)).toEqual([]);
          await store.polls.setStatus(poll.id, "closed");
          expect((await wrong.ballots.tally(poll.id)).tally.turnout.count).toBe(1);
        } finally {
          await wrong.close();
        }
      });

      if (options.databaseFiles) {
        it("leaves no plaintext choice in the WAL while open, and none of the sealed rows in the files once closed", async () => {
          const file = harness.file!;
          const { poll, ids, choices } = await secretPoll();
          await castEach(store, poll.id, ids, choices);
          // What someone copying the files mid-poll gets: the WAL holds this poll's commits...
          const wal = readFileSync(`${file}-wal`);
          expect(ids.filter((id) => wal.includes(id)).length).toBeGreaterThan(0);
          // ...but no choice of it in any plaintext form: its option ids only ever appear in the poll's own definition.
          for (const bytes of [wal, readFileSync(file)]) {
            for (const option of poll.options) {
              expect(bytes.includes(`["${option.id}"]`)).toBe(false);
              expect(bytes.includes(`"${option.id}"]`)).toBe(false);
            }
          }
          const sealed = (await harness.raw(`select sealed from sealed_ballots where poll_id = '${poll.id}'`)).map((row) =>
            String(row.sealed),
          );
          expect(sealed).toHaveLength(8);
          expect(sealed.some((payload) => wal.includes(payload))).toBe(true);
          await store.polls.setStatus(poll.id, "closed");
          const walAfter = existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0);
          expect(walAfter.length).toBe(0);
          const main = readFileSync(file);
          expect(sealed.filter((payload) => main.includes(payload) || walAfter.includes(payload))).toEqual([]);
        });

        it("creates the database, its WAL and shared-memory file readable by their owner only", async () => {
          const { poll, ids, choices } = await secretPoll();
          await castEach(store, poll.id, ids.slice(0, 1), choices);
          for (const suffix of ["", "-wal", "-shm"]) expect((statSync(`${harness.file}${suffix}`).mode & 0o777).toString(8)).toBe("600");
        });
      }
    });

    describe("attendance and dashboard", () => {
      it("checks in and out once, logs it, and buckets it over time", async () => {
        const { event, ids } = await setup(4);
        const start = clock.now();
        expect(await store.attendance.checkIn(ids[0]!, member)).toBe(true);
        expect(await store.attendance.checkIn(ids[0]!, member)).toBe(false);
        await store.attendance.checkIn(ids[1]!, member);
        clock.advance(60_000);
        await store.attendance.checkIn(ids[2]!, member);
        expect(await store.attendance.checkOut(ids[0]!, member)).toBe(true);
        expect(await store.attendance.checkOut(ids[0]!, member)).toBe(false);
        clock.advance(120_000);
        expect(await store.attendance.isPresent(ids[0]!)).toBe(false);
        expect(await store.attendance.isPresent(ids[1]!)).toBe(true);
        const points = await store.reports.attendanceOverTime(event.id, 60, new Date(start));
        expect(points.map((p) => [p.present, p.checkIns, p.checkOuts])).toEqual([
          [2, 2, 0],
          [2, 1, 1],
          [2, 0, 0],
          [2, 0, 0],
        ]);
        const attendance = await store.attendance.list(event.id);
        expect(attendance.find((row) => row.participantId === ids[0])).toMatchObject({
          present: false,
          firstCheckInAt: new Date(start).toISOString(),
          lastCheckOutAt: new Date(start + 60_000).toISOString(),
        });
        expect(attendance.find((row) => row.participantId === ids[3])).toMatchObject({ present: false, firstCheckInAt: null });
        expect(await store.reports.presentBy(event.id, "region")).toEqual([
          { key: "North", present: 1, total: 2 },
          { key: "South", present: 1, total: 2 },
        ]);
        await expectCode(store.reports.attendanceOverTime(event.id, 0), "invalid");
      });

      it("records who checked in and out, and lets only a member's own check-in lapse", async () => {
        const { event, ids } = await setup(3);
        const [self, door, gone] = ids as [string, string, string];
        const chairAdmin = await store.admins.create({ email: `door-${event.id}@x.org`, name: "Door", passwordHash: "scrypt$abc" });
        const chair = { kind: "chair", adminId: chairAdmin.id } as const;
        expect(await store.attendance.lastChange(self)).toBeNull();
        await store.attendance.checkIn(self, member);
        await store.attendance.checkIn(door, chair);
        await store.attendance.checkIn(gone, member);
        await store.attendance.checkOut(gone, chair);
        expect(await store.attendance.lastChange(gone)).toEqual({ kind: "out", by: "chair" });
        expect(await store.attendance.lapsable(event.id)).toEqual([self]);

        expect(await store.attendance.lapse(door)).toBe(false);
        expect(await store.attendance.lapse(gone)).toBe(false);
        expect(await store.attendance.lapse(self)).toBe(true);
        expect(await store.attendance.lapse(self)).toBe(false);
        expect(await store.attendance.isPresent(self)).toBe(false);
        expect(await store.attendance.isPresent(door)).toBe(true);
        expect(await store.attendance.lapsable(event.id)).toEqual([]);

        const rows = new Map((await store.attendance.list(event.id)).map((row) => [row.participantId, row]));
        expect(rows.get(self)).toMatchObject({ lastCheckInBy: "member", lastCheckOutBy: "lapse" });
        expect(rows.get(door)).toMatchObject({ lastCheckInBy: `chair door-${event.id}@x.org`, lastCheckOutBy: null });
        expect(rows.get(gone)).toMatchObject({ lastCheckInBy: "member", lastCheckOutBy: `chair door-${event.id}@x.org` });
        await expectCode(store.attendance.lapse("no-such-participant"), "not_found");
      });

      it("reports ballots per minute and the most active polls and items", async () => {
        const { event, item, ids } = await setup(3);
        const poll = await openPoll(event.id, item.id);
        const minute = Math.floor(clock.now() / 60_000) * 60_000;
        await store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: ids[0]!, voterId: ids[0]!, choice: yes });
        clock.advance(60_000);
        await store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: ids[1]!, voterId: ids[1]!, choice: yes });
        await store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: ids[2]!, voterId: ids[2]!, choice: no });
        expect(await store.reports.ballotsPerMinute(poll.id)).toEqual([
          { minute: new Date(minute).toISOString(), count: 1 },
          { minute: new Date(minute + 60_000).toISOString(), count: 2 },
        ]);
        const quiet = await store.agenda.add(event.id, { title: "Quiet" });
        await store.polls.create(event.id, { agendaItemId: quiet.id, title: "Unused", kind: "yes_no_abstain" });
        const top = await store.reports.topActivity(event.id, 1);
        expect(top.polls).toEqual([{ id: poll.id, title: "Motion", ballots: 3 }]);
        expect(top.agendaItems).toEqual([{ id: item.id, title: "Motions", ballots: 3 }]);
      });
    });

    defineElectionStoreTests({ store: () => store, setup, raw: (query) => harness.raw(query) });
    defineSplitBallotTests({ store: () => store, setup, raw: (query) => harness.raw(query) });

    defineMailOutboxTests({
      store: () => store,
      setup,
      now: clock.now,
      advance: (ms) => clock.advance(ms),
      raw: (query) => harness.raw(query),
      open: () => harness.open(),
      concurrentStoresInProcess: options.concurrentStoresInProcess,
    });

    defineSsoTests({ store: () => store, setup, advance: (ms) => clock.advance(ms), raw: (query) => harness.raw(query) });
    defineRecordsTests({ store: () => store, setup, advance: (ms) => clock.advance(ms) });
    definePaperVoteTests({ store: () => store, setup, raw: (query) => harness.raw(query) });
    defineMotionTests({ store: () => store, setup });
    defineSpeakersTests({ store: () => store, setup, advance: (ms) => clock.advance(ms), raw: (query) => harness.raw(query) });
    defineProjectorsTests({
      store: () => store,
      setup,
      now: () => clock.now(),
      advance: (ms) => clock.advance(ms),
      raw: (query) => harness.raw(query),
    });

    describe("audit and export", () => {
      it("appends audit entries and pages them by cursor", async () => {
        const { event } = await setup(0);
        const first = await store.audit.append({
          eventId: event.id,
          actor: "admin:1",
          action: "event.update",
          before: { name: "A" },
          after: { name: "B" },
        });
        const second = await store.audit.append({ eventId: event.id, actor: "admin:1", action: "poll.open", subject: "poll-1" });
        expect(second.id).toBeGreaterThan(first.id);
        expect(await store.audit.list(event.id)).toEqual([first, second]);
        expect(await store.audit.list(event.id, { afterId: first.id })).toEqual([second]);
        expect(first).toMatchObject({ before: { name: "A" }, after: { name: "B" }, subject: null });
        await expectCode(store.audit.append({ eventId: event.id, actor: "", action: "x" }), "invalid");
        await expectCode(store.audit.append({ eventId: "missing", actor: "a", action: "x" }), "not_found");
      });

      it("commits an action and its audit entry together in one transaction, or neither", async () => {
        const { event, item } = await setup(1);
        const audited = (work: (tx: StoreOperations) => Promise<unknown>, subject: string) =>
          store.transaction(async (tx) => {
            await work(tx);
            return tx.audit.append({ eventId: event.id, actor: "admin:1", action: "agenda.update", subject });
          });
        const entry = await audited((tx) => tx.agenda.update(item.id, { title: "Renamed" }), item.id);
        expect(await store.audit.list(event.id)).toEqual([entry]);
        expect((await store.agenda.get(item.id)).title).toBe("Renamed");
        // A refused action leaves no entry, and a failing entry undoes the action it would record.
        await expectCode(
          audited((tx) => tx.agenda.update(item.id, { title: "" }), item.id),
          "invalid",
        );
        await expectCode(
          store.transaction(async (tx) => {
            await tx.agenda.update(item.id, { title: "Lost" });
            await tx.agenda.add(event.id, { title: "Lost too" });
            return tx.audit.append({ eventId: event.id, actor: "", action: "agenda.update" });
          }),
          "invalid",
        );
        await expect(
          store.transaction(async (tx) => {
            await tx.audit.append({ eventId: event.id, actor: "admin:1", action: "event.update" });
            throw new Error("crash before commit");
          }),
        ).rejects.toThrow("crash before commit");
        expect(await store.audit.list(event.id)).toEqual([entry]);
        expect((await store.agenda.list(event.id)).map((i) => i.title)).toEqual(["Renamed"]);
        // Everything the operations do runs inside the one transaction, nested ones included.
        const created = await store.transaction(async (tx) => {
          const other = await tx.events.create({ name: "Atomic" });
          await tx.agenda.add(other.id, { title: "First" });
          const poll = await tx.polls.create(other.id, {
            agendaItemId: (await tx.agenda.list(other.id))[0]!.id,
            title: "P",
            kind: "yes_no_abstain",
          });
          await tx.audit.append({ eventId: other.id, actor: "admin:1", action: "poll.create", subject: poll.id });
          expect((await tx.participants.list(other.id, { filter: { kind: "not_voted", pollId: poll.id } })).total).toBe(0);
          return other;
        });
        expect((await store.audit.list(created.id)).map((e) => e.action)).toEqual(["poll.create"]);
        expect((await store.polls.list(created.id)).length).toBe(1);
      });

      it("exports a whole event without secrets", async () => {
        const { event, item, ids } = await setup(2);
        await store.invitations.issue(ids[0]!, tokenHash("invite"));
        const poll = await openPoll(event.id, item.id);
        await store.ballots.cast({ ballotId: ballotId(), pollId: poll.id, principalId: ids[0]!, voterId: ids[0]!, choice: yes });
        await store.polls.setStatus(poll.id, "closed");
        await store.polls.setStatus(poll.id, "published");
        await store.audit.append({ eventId: event.id, actor: "admin:1", action: "poll.publish", subject: poll.id });
        const exported = await store.reports.exportEvent(event.id);
        expect(exported.event.id).toBe(event.id);
        expect(exported.participants).toHaveLength(2);
        expect(exported.polls[0]?.tally?.outcome).toBe("passed");
        expect(exported.polls[0]?.namedBallots?.map((b) => b.participantId)).toEqual([ids[0]]);
        expect(exported.audit.map((a) => a.action)).toEqual(["poll.publish"]);
        expect(JSON.stringify(exported)).not.toContain(tokenHash("invite"));
      });
    });
  });
}
