import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, type Migration, type MigrationProvider } from "kysely";
import type { BallotSeal } from "./ballot-seal.ts";
import type { Database, SqlDialectName } from "./schema.ts";
import { sealSecretBallots } from "./secret-ballots.ts";

type AnyDb = Kysely<unknown>;

/**
 * The schema's history, in code: a migration is never edited once released,
 * a change is a new entry with the next number. Names sort in apply order.
 */
function migrations(dialect: SqlDialectName, seal: BallotSeal): Record<string, Migration> {
  const serialType = dialect === "postgres" ? "bigserial" : "integer";
  const serial = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === "postgres" ? column.primaryKey() : column.primaryKey().autoIncrement();
  // Clusters SQLite's rows by their primary key (random), so row order says nothing about insertion order.
  const withoutRowid = <T extends string, C extends string>(builder: CreateTableBuilder<T, C>): CreateTableBuilder<T, C> =>
    dialect === "sqlite" ? builder.modifyEnd(sql`without rowid`) : builder;

  return {
    "0001_initial": {
      async up(db: AnyDb) {
        await db.schema
          .createTable("events")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("timezone", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("allow_proxy_chains", "integer", (c) => c.notNull())
          .addColumn("proxy_cap_per_delegate", "integer", (c) => c.notNull())
          .addColumn("present_only_voting", "integer", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("agenda_items")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("event_id", "text", (c) => c.notNull().references("events.id"))
          .addColumn("position", "integer", (c) => c.notNull())
          .addColumn("title", "text", (c) => c.notNull())
          .addColumn("description", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("agenda_items_event").on("agenda_items").columns(["event_id", "position"]).execute();

        await db.schema
          .createTable("announcements")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("event_id", "text", (c) => c.notNull().references("events.id"))
          .addColumn("agenda_item_id", "text", (c) => c.references("agenda_items.id"))
          .addColumn("title", "text", (c) => c.notNull())
          .addColumn("body", "text", (c) => c.notNull())
          .addColumn("published_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("announcements_event").on("announcements").columns(["event_id", "published_at"]).execute();

        await db.schema
          .createTable("participants")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("event_id", "text", (c) => c.notNull().references("events.id"))
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("email", "text", (c) => c.notNull())
          .addColumn("group_name", "text")
          .addColumn("region", "text")
          .addColumn("weight", "integer", (c) => c.notNull())
          .addColumn("eligible", "integer", (c) => c.notNull())
          .addColumn("present", "integer", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addUniqueConstraint("participants_event_email", ["event_id", "email"])
          .execute();
        await db.schema.createIndex("participants_event_name").on("participants").columns(["event_id", "name", "id"]).execute();

        await db.schema
          .createTable("invitations")
          .addColumn("token_hash", "text", (c) => c.primaryKey())
          .addColumn("participant_id", "text", (c) => c.notNull().references("participants.id"))
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("revoked_at", "bigint")
          .execute();
        await db.schema.createIndex("invitations_participant").on("invitations").column("participant_id").execute();

        await db.schema
          .createTable("admin_users")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("email", "text", (c) => c.notNull().unique())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("password_hash", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("event_roles")
          .addColumn("event_id", "text", (c) => c.notNull().references("events.id"))
          .addColumn("admin_id", "text", (c) => c.notNull().references("admin_users.id"))
          .addColumn("role", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("event_roles_pk", ["event_id", "admin_id"])
          .execute();
        await db.schema.createIndex("event_roles_admin").on("event_roles").column("admin_id").execute();

        await db.schema
          .createTable("admin_sessions")
          .addColumn("token_hash", "text", (c) => c.primaryKey())
          .addColumn("admin_id", "text", (c) => c.notNull().references("admin_users.id"))
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("expires_at", "bigint", (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("polls")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("event_id", "text", (c) => c.notNull().references("events.id"))
          .addColumn("agenda_item_id", "text", (c) => c.notNull().references("agenda_items.id"))
          .addColumn("title", "text", (c) => c.notNull())
          .addColumn("description", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("options", "text", (c) => c.notNull())
          .addColumn("min_choices", "integer", (c) => c.notNull())
          .addColumn("max_choices", "integer", (c) => c.notNull())
          .addColumn("allow_abstain", "integer", (c) => c.notNull())
          .addColumn("secret", "integer", (c) => c.notNull())
          .addColumn("majority", "text", (c) => c.notNull())
          .addColumn("abstentions_count", "integer", (c) => c.notNull())
          .addColumn("quorum", "text")
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("eligible_count", "integer")
          .addColumn("eligible_weight", "bigint")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("opened_at", "bigint")
          .addColumn("closed_at", "bigint")
          .addColumn("published_at", "bigint")
          .execute();
        await db.schema.createIndex("polls_event").on("polls").columns(["event_id", "status"]).execute();

        await db.schema
          .createTable("proxies")
          .addColumn("principal_id", "text", (c) => c.primaryKey().references("participants.id"))
          .addColumn("event_id", "text", (c) => c.notNull().references("events.id"))
          .addColumn("delegate_id", "text", (c) => c.notNull().references("participants.id"))
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("proxies_delegate").on("proxies").column("delegate_id").execute();
        await db.schema.createIndex("proxies_event").on("proxies").column("event_id").execute();

        await db.schema
          .createTable("poll_voters")
          .addColumn("poll_id", "text", (c) => c.notNull().references("polls.id"))
          .addColumn("principal_id", "text", (c) => c.notNull().references("participants.id"))
          .addColumn("voter_id", "text", (c) => c.notNull().references("participants.id"))
          .addColumn("ballot_key_hash", "text", (c) => c.notNull())
          .addColumn("sealed_receipt", "text", (c) => c.notNull())
          .addColumn("weight", "integer", (c) => c.notNull())
          .addColumn("voted_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("poll_voters_one_ballot", ["poll_id", "principal_id"])
          .execute();
        await db.schema.createIndex("poll_voters_time").on("poll_voters").columns(["poll_id", "voted_at"]).execute();

        // WITHOUT ROWID clusters SQLite's rows by the random id, so row order
        // says nothing about cast order (PostgreSQL: see docs of castBallot).
        await db.schema
          .createTable("ballots")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("poll_id", "text", (c) => c.notNull().references("polls.id"))
          .addColumn("receipt", "text", (c) => c.notNull().unique())
          .addColumn("weight", "integer", (c) => c.notNull())
          .addColumn("choice", "text", (c) => c.notNull())
          .addColumn("participant_id", "text", (c) => c.references("participants.id"))
          .addColumn("voter_id", "text", (c) => c.references("participants.id"))
          .$call((builder) => (dialect === "sqlite" ? builder.modifyEnd(sql`without rowid`) : builder))
          .execute();
        await db.schema.createIndex("ballots_poll").on("ballots").column("poll_id").execute();

        await db.schema
          .createTable("checkin_log")
          .addColumn("id", serialType, serial)
          .addColumn("event_id", "text", (c) => c.notNull().references("events.id"))
          .addColumn("participant_id", "text", (c) => c.notNull().references("participants.id"))
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("checkin_log_event").on("checkin_log").columns(["event_id", "at"]).execute();
        await db.schema.createIndex("checkin_log_participant").on("checkin_log").column("participant_id").execute();

        await db.schema
          .createTable("audit_log")
          .addColumn("id", serialType, serial)
          .addColumn("event_id", "text", (c) => c.references("events.id"))
          .addColumn("actor", "text", (c) => c.notNull())
          .addColumn("action", "text", (c) => c.notNull())
          .addColumn("subject", "text")
          .addColumn("before_json", "text")
          .addColumn("after_json", "text")
          .addColumn("at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("audit_log_event").on("audit_log").columns(["event_id", "id"]).execute();
      },
    },

    // Secret polls stop storing plaintext choices: sealed while open, totals once closed, receipts apart.
    "0002_sealed_secret_ballots": {
      async up(db: AnyDb) {
        await db.schema.alterTable("polls").addColumn("ballot_salt", "text").execute();
        await db.schema.alterTable("polls").addColumn("ballot_key_check", "text").execute();

        await db.schema
          .createTable("sealed_ballots")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("poll_id", "text", (c) => c.notNull().references("polls.id"))
          .addColumn("sealed", "text", (c) => c.notNull())
          .$call(withoutRowid)
          .execute();
        await db.schema.createIndex("sealed_ballots_poll").on("sealed_ballots").column("poll_id").execute();

        await db.schema
          .createTable("ballot_totals")
          .addColumn("poll_id", "text", (c) => c.notNull().references("polls.id"))
          .addColumn("total", "text", (c) => c.notNull())
          .addColumn("ballots", "integer", (c) => c.notNull())
          .addColumn("weight", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("ballot_totals_pk", ["poll_id", "total"])
          .execute();

        await db.schema
          .createTable("ballot_receipts")
          .addColumn("receipt_hash", "text", (c) => c.primaryKey())
          .addColumn("poll_id", "text", (c) => c.notNull().references("polls.id"))
          .$call(withoutRowid)
          .execute();

        await sealSecretBallots(db as Kysely<Database>, seal);
      },
    },

    // Invitations go out by mail: participants get a language, links record their first use, an outbox holds the messages.
    "0003_invitation_mail": {
      async up(db: AnyDb) {
        await db.schema.alterTable("participants").addColumn("language", "text").execute();
        await db.schema.alterTable("invitations").addColumn("first_used_at", "bigint").execute();

        await db.schema
          .createTable("mail_templates")
          .addColumn("event_id", "text", (c) => c.primaryKey().references("events.id"))
          .addColumn("default_language", "text", (c) => c.notNull())
          .addColumn("subject_en", "text", (c) => c.notNull())
          .addColumn("body_en", "text", (c) => c.notNull())
          .addColumn("subject_de", "text", (c) => c.notNull())
          .addColumn("body_de", "text", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("mail_outbox")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("event_id", "text", (c) => c.notNull().references("events.id"))
          .addColumn("participant_id", "text", (c) => c.notNull().references("participants.id"))
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("attempts", "integer", (c) => c.notNull())
          .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
          .addColumn("queued_at", "bigint", (c) => c.notNull())
          .addColumn("claimed_at", "bigint")
          .addColumn("claim_id", "text")
          .addColumn("sent_at", "bigint")
          .addColumn("recipient", "text")
          .addColumn("last_error", "text")
          .addColumn("provider_message_id", "text")
          .addColumn("sealed_token", "text")
          .addUniqueConstraint("mail_outbox_one_per_kind", ["participant_id", "kind"])
          .execute();
        await db.schema.createIndex("mail_outbox_due").on("mail_outbox").columns(["state", "next_attempt_at"]).execute();
        await db.schema.createIndex("mail_outbox_event").on("mail_outbox").columns(["event_id", "state"]).execute();
      },
    },

    // Candidate elections: an election is a poll of kind "election" (one ballot per principal, sealed when secret) with its
    // setup, candidates and result beside it; a closed secret election keeps its ballots grouped, never one per voter.
    "0004_elections": {
      async up(db: AnyDb) {
        await db.schema
          .createTable("elections")
          .addColumn("poll_id", "text", (c) => c.primaryKey().references("polls.id"))
          .addColumn("setup", "text", (c) => c.notNull())
          .addColumn("definition", "text")
          .addColumn("nomination", "text", (c) => c.notNull())
          .addColumn("lot_seed", "text")
          .addColumn("result", "text")
          .addColumn("runoff_of", "text", (c) => c.references("polls.id"))
          .execute();

        await db.schema
          .createTable("election_candidates")
          .addColumn("election_id", "text", (c) => c.notNull().references("polls.id"))
          .addColumn("id", "text", (c) => c.notNull())
          .addColumn("position", "integer", (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("group_name", "text")
          .addColumn("gender", "text")
          .addColumn("region", "text")
          .addColumn("statement", "text", (c) => c.notNull())
          .addColumn("participant_id", "text", (c) => c.references("participants.id"))
          .addColumn("nominated_by", "text", (c) => c.references("participants.id"))
          .addColumn("withdrawn", "integer", (c) => c.notNull())
          .addPrimaryKeyConstraint("election_candidates_pk", ["election_id", "id"])
          .execute();

        await db.schema
          .createTable("election_totals")
          .addColumn("poll_id", "text", (c) => c.notNull().references("polls.id"))
          .addColumn("ballot", "text", (c) => c.notNull())
          .addColumn("ballots", "integer", (c) => c.notNull())
          .addColumn("weight", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("election_totals_poll").on("election_totals").column("poll_id").execute();
      },
    },

    // Motions and their amendments; a poll may decide one of them.
    "0005_motions": {
      async up(db: AnyDb) {
        await db.schema
          .createTable("motion_settings")
          .addColumn("event_id", "text", (c) => c.primaryKey().references("events.id"))
          .addColumn("workflow", "text", (c) => c.notNull())
          .addColumn("line_length", "integer", (c) => c.notNull())
          .addColumn("participant_motions", "integer", (c) => c.notNull())
          .addColumn("participant_amendments", "integer", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("motions")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("event_id", "text", (c) => c.notNull().references("events.id"))
          .addColumn("number", "text")
          .addColumn("title", "text", (c) => c.notNull())
          .addColumn("text", "text", (c) => c.notNull())
          .addColumn("reason", "text", (c) => c.notNull())
          .addColumn("submitters", "text", (c) => c.notNull())
          .addColumn("min_supporters", "integer", (c) => c.notNull())
          .addColumn("category", "text")
          .addColumn("agenda_item_id", "text", (c) => c.references("agenda_items.id"))
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("recommendation", "text")
          .addColumn("position", "integer", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addUniqueConstraint("motions_number_unique", ["event_id", "number"])
          .execute();
        await db.schema.createIndex("motions_event").on("motions").columns(["event_id", "position"]).execute();

        await db.schema
          .createTable("motion_supporters")
          .addColumn("motion_id", "text", (c) => c.notNull().references("motions.id"))
          .addColumn("participant_id", "text", (c) => c.notNull().references("participants.id"))
          .addColumn("supported_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("motion_supporters_pk", ["motion_id", "participant_id"])
          .execute();

        await db.schema
          .createTable("amendments")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("motion_id", "text", (c) => c.notNull().references("motions.id"))
          .addColumn("event_id", "text", (c) => c.notNull().references("events.id"))
          .addColumn("number", "text")
          .addColumn("line_from", "integer", (c) => c.notNull())
          .addColumn("line_to", "integer", (c) => c.notNull())
          .addColumn("original", "text", (c) => c.notNull())
          .addColumn("text", "text", (c) => c.notNull())
          .addColumn("reason", "text", (c) => c.notNull())
          .addColumn("submitters", "text", (c) => c.notNull())
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("recommendation", "text")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addUniqueConstraint("amendments_number_unique", ["motion_id", "number"])
          .execute();
        await db.schema.createIndex("amendments_motion").on("amendments").columns(["motion_id", "line_from"]).execute();

        await db.schema
          .alterTable("polls")
          .addColumn("motion_id", "text", (c) => c.references("motions.id"))
          .execute();
        await db.schema
          .alterTable("polls")
          .addColumn("amendment_id", "text", (c) => c.references("amendments.id"))
          .execute();
        await db.schema.createIndex("polls_motion").on("polls").column("motion_id").execute();
      },
    },

    // Lists of speakers per agenda item (or motion), their entries in request order and queue order.
    "0006_speakers": {
      async up(db: AnyDb) {
        await db.schema
          .createTable("speaker_lists")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("event_id", "text", (c) => c.notNull().references("events.id"))
          .addColumn("agenda_item_id", "text", (c) => c.notNull().references("agenda_items.id"))
          .addColumn("motion_id", "text")
          .addColumn("closed", "integer", (c) => c.notNull())
          .addColumn("points_of_order", "integer", (c) => c.notNull())
          .addColumn("pro_contra", "integer", (c) => c.notNull())
          .addColumn("time_limit_ms", "integer")
          .addColumn("point_of_order_time_limit_ms", "integer")
          .addColumn("fair_order", "text")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();
        // One list per agenda item and one per motion; NULLs are distinct in a plain unique index.
        await db.schema
          .createIndex("speaker_lists_subject")
          .on("speaker_lists")
          .unique()
          .expression(sql`agenda_item_id, coalesce(motion_id, '')`)
          .execute();
        await db.schema.createIndex("speaker_lists_event").on("speaker_lists").column("event_id").execute();

        await db.schema
          .createTable("speaker_entries")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("list_id", "text", (c) => c.notNull().references("speaker_lists.id"))
          .addColumn("participant_id", "text", (c) => c.notNull().references("participants.id"))
          .addColumn("seq", "integer", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("request_key", "text", (c) => c.notNull())
          .addColumn("requested_at", "bigint", (c) => c.notNull())
          .addColumn("added_by", "text", (c) => c.notNull())
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("queue_position", "integer")
          .addColumn("started_at", "bigint")
          .addColumn("running_since", "bigint")
          .addColumn("ended_at", "bigint")
          .addColumn("spoken_ms", "bigint", (c) => c.notNull())
          .addColumn("removed_by", "text")
          // A retried request (same participant, same key) finds its entry instead of making another.
          .addUniqueConstraint("speaker_entries_request", ["list_id", "participant_id", "request_key"])
          .addUniqueConstraint("speaker_entries_seq", ["list_id", "seq"])
          .execute();
      },
    },

    // Single sign-on: members carry their member number, an event may accept OIDC, logins in flight are kept hashed.
    "0007_oidc": {
      async up(db: AnyDb) {
        await db.schema.alterTable("participants").addColumn("member_number", "text").execute();
        await db.schema.createIndex("participants_member_number").on("participants").columns(["event_id", "member_number"]).execute();

        await db.schema
          .createTable("event_sso")
          .addColumn("event_id", "text", (c) => c.primaryKey().references("events.id"))
          .addColumn("enabled", "integer", (c) => c.notNull())
          .addColumn("match_by", "text", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("sso_logins")
          .addColumn("state_hash", "text", (c) => c.primaryKey())
          .addColumn("event_id", "text", (c) => c.notNull().references("events.id"))
          .addColumn("browser_hash", "text", (c) => c.notNull())
          .addColumn("expires_at", "bigint", (c) => c.notNull())
          .$call(withoutRowid)
          .execute();
        await db.schema.createIndex("sso_logins_expiry").on("sso_logins").column("expires_at").execute();
      },
    },

    // Paper votes: a poll's hand counts, named paper ballots of named polls, and which "has voted" rows were paper.
    "0008_analog_votes": {
      async up(db: AnyDb) {
        await db.schema
          .alterTable("poll_voters")
          .addColumn("paper", "integer", (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable("polls")
          .addColumn("paper_revision", "integer", (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable("paper_counts")
          .addColumn("poll_id", "text", (c) => c.primaryKey().references("polls.id"))
          .addColumn("counts", "text", (c) => c.notNull())
          .addColumn("entered_by", "text", (c) => c.notNull())
          .addColumn("entered_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("paper_ballots")
          .addColumn("poll_id", "text", (c) => c.notNull().references("polls.id"))
          .addColumn("principal_id", "text", (c) => c.notNull().references("participants.id"))
          .addColumn("choice", "text", (c) => c.notNull())
          .addColumn("weight", "integer", (c) => c.notNull())
          .addPrimaryKeyConstraint("paper_ballots_pk", ["poll_id", "principal_id"])
          .execute();
      },
    },

    // The record: every JSON export kept under its SHA-256, so the PDFs made from it name a file one can still download.
    "0009_record": {
      async up(db: AnyDb) {
        await db.schema
          .createTable("records")
          .addColumn("event_id", "text", (c) => c.notNull().references("events.id"))
          .addColumn("sha256", "text", (c) => c.notNull())
          .addColumn("body", "text", (c) => c.notNull())
          .addColumn("size_bytes", "integer", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("records_pkey", ["event_id", "sha256"])
          .execute();
        await db.schema.createIndex("records_event").on("records").columns(["event_id", "created_at"]).execute();
      },
    },

    // Presence is stated, not inferred from sockets: each check-in and -out records who made it (null: before this was kept).
    "0010_presence": {
      async up(db: AnyDb) {
        await db.schema.alterTable("checkin_log").addColumn("by_kind", "text").execute();
        await db.schema.alterTable("checkin_log").addColumn("by_admin_id", "text").execute();
      },
    },

    // Announcements can be corrected and withdrawn; both stay in the record with their time.
    "0012_announcement_changes": {
      async up(db: AnyDb) {
        await db.schema.alterTable("announcements").addColumn("edited_at", "bigint").execute();
        await db.schema.alterTable("announcements").addColumn("withdrawn_at", "bigint").execute();
      },
    },

    // A floor poll may let a principal split their weight across choices; every existing poll keeps whole ballots.
    "0013_poll_split": {
      async up(db: AnyDb) {
        await db.schema
          .alterTable("polls")
          .addColumn("allow_split", "integer", (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },

    // An election's paper ballots, counted in the hall and entered by a chair after closing: one entry per election, beside its result.
    "0014_election_paper": {
      async up(db: AnyDb) {
        await db.schema.alterTable("elections").addColumn("paper", "text").execute();
        await db.schema.alterTable("elections").addColumn("paper_entered_by", "text").execute();
        await db.schema.alterTable("elections").addColumn("paper_entered_at", "bigint").execute();
      },
    },

    // The room's screens: several per event, each showing what the chairs chose for it.
    "0015_projectors": {
      async up(db: AnyDb) {
        await db.schema
          .createTable("projectors")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("event_id", "text", (c) => c.notNull().references("events.id"))
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("content", "text", (c) => c.notNull())
          .addColumn("changed_at", "bigint", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("projectors_event").on("projectors").columns(["event_id", "created_at"]).execute();
      },
    },
  };
}

/**
 * Kysely `MigrationProvider` over the in-code list (no file-system globbing,
 * works from any bundle). `seal` converts the plaintext choices an older
 * version stored for secret polls that are still open.
 */
export function migrationProvider(dialect: SqlDialectName, seal: BallotSeal): MigrationProvider {
  return { getMigrations: async () => migrations(dialect, seal) };
}
