import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BallotChoice } from "../../src/domain/ballot.ts";
import { tally } from "../../src/domain/tally.ts";
import { BallotSeal } from "../../src/store/ballot-seal.ts";
import { migrationProvider } from "../../src/store/migrations.ts";
import { openStore } from "../../src/store/open-store.ts";
import { ballotKeyHash, newReceipt, sealReceipt } from "../../src/store/receipt-seal.ts";
import type { Database, PollsTable, SqlDialectName } from "../../src/store/schema.ts";
import type { Store } from "../../src/store/store.ts";

/** The tables as the first release wrote them. */
type LegacyDatabase = Omit<Database, "polls"> & { polls: Omit<PollsTable, "ballot_salt" | "ballot_key_check" | "allow_split"> };

interface Database0001 {
  readonly dialect: SqlDialectName;
  /** A connection to the database, at the first migration once `atFirstRelease` ran. */
  connect(): Kysely<LegacyDatabase>;
  migrationTableSchema?: string;
  open(ballotSecret: Uint8Array): Promise<Store>;
  /** SQLite only. */
  readonly file?: string;
  destroy(): Promise<void>;
}

const serverUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const databases: Record<string, () => Promise<Database0001>> = {
  SQLite: async () => {
    const dir = mkdtempSync(join(tmpdir(), "plenum-migrate-"));
    const file = join(dir, "plenum.sqlite");
    return {
      dialect: "sqlite",
      file,
      connect: () => new Kysely<LegacyDatabase>({ dialect: new SqliteDialect({ database: new SQLite(file) }) }),
      open: (ballotSecret) => openStore({ sqlitePath: file, ballotSecret }),
      destroy: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  PostgreSQL: async () => {
    const schema = `plenum_migrate_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect().catch((error: unknown) => {
      throw new Error(`this test needs PostgreSQL at ${serverUrl}`, { cause: error });
    });
    await admin.query(`create schema ${schema}`);
    const databaseUrl = `${serverUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    return {
      dialect: "postgres",
      migrationTableSchema: schema,
      connect: () => new Kysely<LegacyDatabase>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl }) }) }),
      open: (ballotSecret) => openStore({ databaseUrl, ballotSecret }),
      async destroy() {
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      },
    };
  },
};

const yes: BallotChoice = { kind: "options", optionIds: ["yes"] };
const no: BallotChoice = { kind: "options", optionIds: ["no"] };

interface LegacyBallot {
  readonly pollId: string;
  readonly principalId: string;
  readonly ballotId: string;
  readonly receipt: string;
  readonly weight: number;
  readonly choice: BallotChoice;
}

/**
 * An assembly as the first release stored it: a closed and an open secret
 * poll whose choice rows hold weight, receipt and choice in plaintext, a
 * closed named poll, and a draft.
 */
async function seedFirstRelease(db: Kysely<LegacyDatabase>, tag: string) {
  const at = Date.UTC(2026, 4, 28, 14);
  const eventId = randomUUID();
  const itemId = randomUUID();
  await db
    .insertInto("events")
    .values({
      id: eventId,
      name: "Legacy",
      timezone: "UTC",
      status: "open",
      allow_proxy_chains: 0,
      proxy_cap_per_delegate: 1,
      present_only_voting: 0,
      created_at: at,
    })
    .execute();
  await db
    .insertInto("agenda_items")
    .values({ id: itemId, event_id: eventId, position: 0, title: "Motions", description: "", created_at: at })
    .execute();
  const people = Array.from({ length: 6 }, (_, i) => ({ id: randomUUID(), weight: 3 ** i }));
  await db
    .insertInto("participants")
    .values(
      people.map((p, i) => ({
        id: p.id,
        event_id: eventId,
        name: `Member ${i}`,
        email: `m${i}@legacy.org`,
        group_name: null,
        region: null,
        weight: p.weight,
        eligible: 1,
        present: 0,
        created_at: at,
      })),
    )
    .execute();
  // Secret polls get option ids of their own, to find their plaintext choices in the files.
  const places = [
    { id: `north_${tag}`, label: "North" },
    { id: `south_${tag}`, label: "South" },
  ];
  const poll = (status: string, secret: boolean, options = places) => ({
    id: randomUUID(),
    event_id: eventId,
    agenda_item_id: itemId,
    title: `${status} ${secret ? "secret" : "named"}`,
    description: "",
    kind: options === places ? "single_choice" : "yes_no_abstain",
    options: JSON.stringify(options),
    min_choices: 1,
    max_choices: 1,
    allow_abstain: 1,
    secret: secret ? 1 : 0,
    majority: JSON.stringify({ kind: "simple" }),
    abstentions_count: 0,
    quorum: null,
    status,
    eligible_count: status === "draft" ? null : people.length,
    eligible_weight: status === "draft" ? null : people.reduce((sum, p) => sum + p.weight, 0),
    created_at: at,
    opened_at: status === "draft" ? null : at,
    closed_at: status === "closed" ? at : null,
    published_at: null,
  });
  const motion = [
    { id: "yes", label: "Yes" },
    { id: "no", label: "No" },
  ];
  const polls = {
    closedSecret: poll("closed", true),
    openSecret: poll("open", true),
    closedNamed: poll("closed", false, motion),
    draftSecret: poll("draft", true),
  };
  await db.insertInto("polls").values(Object.values(polls)).execute();
  const ballots: LegacyBallot[] = [];
  const cast = async (pollId: string, secret: boolean, choices: readonly BallotChoice[]) => {
    for (const [i, choice] of choices.entries()) {
      const person = people[i]!;
      const ballot = { pollId, principalId: person.id, ballotId: randomUUID(), receipt: newReceipt(), weight: person.weight, choice };
      await db
        .insertInto("poll_voters")
        .values({
          poll_id: pollId,
          principal_id: person.id,
          voter_id: person.id,
          ballot_key_hash: ballotKeyHash(pollId, person.id, ballot.ballotId),
          sealed_receipt: sealReceipt(ballot.receipt, pollId, person.id, ballot.ballotId),
          weight: person.weight,
          voted_at: at,
        })
        .execute();
      await db
        .insertInto("ballots")
        .values({
          id: randomBytes(16).toString("hex"),
          poll_id: pollId,
          receipt: ballot.receipt,
          weight: person.weight,
          choice: JSON.stringify(choice),
          participant_id: secret ? null : person.id,
          voter_id: secret ? null : person.id,
        })
        .execute();
      ballots.push(ballot);
    }
  };
  const north: BallotChoice = { kind: "options", optionIds: [places[0]!.id] };
  const south: BallotChoice = { kind: "options", optionIds: [places[1]!.id] };
  await cast(polls.closedSecret.id, true, [north, north, south, { kind: "abstain" }, south]);
  await cast(polls.openSecret.id, true, [south, north, { kind: "abstain" }, south]);
  await cast(polls.closedNamed.id, false, [yes, no, yes]);
  return { polls, ballots, people };
}

const tallyOf = (poll: { options: string }, ballots: readonly LegacyBallot[]) =>
  tally(
    {
      kind: "single_choice",
      options: JSON.parse(poll.options),
      majority: { kind: "simple" },
      abstentionsCount: false,
      quorum: null,
      eligibleCount: 6,
      eligibleWeight: 364,
    },
    ballots,
  );

for (const [name, make] of Object.entries(databases)) {
  describe(`migrating secret ballots on ${name}`, () => {
    let database: Database0001;
    const secret = randomBytes(32);

    beforeEach(async () => {
      database = await make();
    });
    afterEach(async () => {
      await database?.destroy();
    });

    /** Brings a fresh database to the first release's schema and fills it like that release did. */
    async function atFirstRelease(prepare?: (db: Kysely<LegacyDatabase>) => Promise<void>) {
      const db = database.connect();
      try {
        const migrator = new Migrator({
          db,
          provider: migrationProvider(database.dialect, new BallotSeal(secret)),
          ...(database.migrationTableSchema ? { migrationTableSchema: database.migrationTableSchema } : {}),
        });
        const { error } = await migrator.migrateTo("0001_initial");
        if (error !== undefined) throw error;
        const seeded = await seedFirstRelease(db, randomBytes(4).toString("hex"));
        await prepare?.(db);
        return seeded;
      } finally {
        await db.destroy();
      }
    }

    /** The bytes of the SQLite files, main and WAL. */
    const files = (file: string) =>
      Buffer.concat([readFileSync(file), ...(existsSync(`${file}-wal`) ? [readFileSync(`${file}-wal`)] : [])]);
    const plaintextChoices = (bytes: Buffer, poll: { options: string }) =>
      (JSON.parse(poll.options) as { id: string }[]).filter((option) => bytes.includes(`"${option.id}"]`));

    it("turns closed secret polls into totals and open ones into sealed rows, losing and duplicating nothing", async () => {
      const { polls, ballots } = await atFirstRelease();
      if (database.file !== undefined) expect(plaintextChoices(files(database.file), polls.closedSecret)).toHaveLength(2);
      const store = await database.open(secret);
      try {
        const of = (pollId: string) => ballots.filter((b) => b.pollId === pollId);
        expect((await store.ballots.tally(polls.closedSecret.id)).tally).toEqual(tallyOf(polls.closedSecret, of(polls.closedSecret.id)));
        // Named polls keep their ballots as they were.
        expect((await store.ballots.listNamed(polls.closedNamed.id)).map((b) => ("choice" in b ? b.choice : b.parts))).toEqual(
          of(polls.closedNamed.id)
            .sort((a, b) => a.weight - b.weight)
            .map((b) => b.choice),
        );
        // Every receipt still proves its ballot counted, and a retry still gets its receipt back.
        for (const ballot of ballots)
          expect(await store.ballots.verifyReceipt(ballot.receipt)).toEqual({ counted: true, pollId: ballot.pollId });
        const retry = of(polls.openSecret.id)[0]!;
        expect(
          (
            await store.ballots.cast({
              ballotId: retry.ballotId,
              pollId: retry.pollId,
              principalId: retry.principalId,
              voterId: retry.principalId,
              choice: retry.choice,
            })
          ).receipt,
        ).toBe(retry.receipt);
        await store.polls.setStatus(polls.openSecret.id, "closed");
        expect((await store.ballots.tally(polls.openSecret.id)).tally).toEqual(tallyOf(polls.openSecret, of(polls.openSecret.id)));
        await store.polls.setStatus(polls.draftSecret.id, "open");
        expect((await store.polls.get(polls.draftSecret.id)).status).toBe("open");
      } finally {
        await store.close();
      }
      const db = database.connect();
      try {
        const secretPolls = [polls.closedSecret.id, polls.openSecret.id, polls.draftSecret.id];
        expect(await db.selectFrom("ballots").select("id").where("poll_id", "in", secretPolls).execute()).toEqual([]);
        expect(await db.selectFrom("ballots").select("id").where("poll_id", "=", polls.closedNamed.id).execute()).toHaveLength(3);
      } finally {
        await db.destroy();
      }
      // No plaintext choice of the secret polls is left anywhere in the files.
      if (database.file !== undefined) expect(plaintextChoices(files(database.file), polls.closedSecret)).toEqual([]);
    });

    it("converts in one transaction: a failing conversion leaves the database as the first release left it", async () => {
      const { polls } = await atFirstRelease(async (db) => {
        // A choice that cannot be read: the conversion fails after the schema changes and some polls.
        await db
          .updateTable("ballots")
          .set({ choice: "{unreadable" })
          .where(
            "poll_id",
            "=",
            (await db.selectFrom("polls").select("id").where("title", "=", "open secret").executeTakeFirstOrThrow()).id,
          )
          .execute();
      });
      await expect(database.open(secret)).rejects.toThrow(/migration 0002_sealed_secret_ballots failed/);
      const db = database.connect();
      try {
        expect(await db.selectFrom("ballots").select("id").where("poll_id", "=", polls.closedSecret.id).execute()).toHaveLength(5);
        expect(await db.selectFrom("ballots").select("id").where("poll_id", "=", polls.openSecret.id).execute()).toHaveLength(4);
        // PostgreSQL lists every schema's tables, and other runs' schemas on the same server hold these tables.
        const tables = (await db.introspection.getTables()).filter(
          (t) => database.migrationTableSchema === undefined || t.schema === database.migrationTableSchema,
        );
        expect(tables.map((t) => t.name)).toContain("polls");
        expect(tables.map((t) => t.name)).not.toContain("sealed_ballots");
        expect(tables.find((t) => t.name === "polls")?.columns.map((c) => c.name)).not.toContain("ballot_salt");
      } finally {
        await db.destroy();
      }
    });
  });
}
