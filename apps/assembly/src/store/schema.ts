import type { Generated } from "kysely";

/**
 * Row shapes as stored. Timestamps are epoch milliseconds (bigint in
 * PostgreSQL, read back as numbers), booleans are 0/1 integers and JSON is
 * text, so one schema and one query code serve SQLite and PostgreSQL.
 */
export interface EventsTable {
  id: string;
  name: string;
  timezone: string;
  status: string;
  allow_proxy_chains: number;
  proxy_cap_per_delegate: number;
  present_only_voting: number;
  created_at: number;
}

export interface AgendaItemsTable {
  id: string;
  event_id: string;
  position: number;
  title: string;
  description: string;
  created_at: number;
}

export interface AnnouncementsTable {
  id: string;
  event_id: string;
  agenda_item_id: string | null;
  title: string;
  body: string;
  published_at: number;
}

export interface ParticipantsTable {
  id: string;
  event_id: string;
  name: string;
  email: string;
  group_name: string | null;
  region: string | null;
  weight: number;
  eligible: number;
  /** Checked in right now; the history is in checkin_log. */
  present: number;
  created_at: number;
  /** "en" | "de", or null for the event's language. */
  language: string | null;
}

export interface InvitationsTable {
  token_hash: string;
  participant_id: string;
  created_at: number;
  revoked_at: number | null;
  /** When the participant first exchanged this token for a session (opened the link). */
  first_used_at: number | null;
}

export interface AdminUsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: number;
}

export interface EventRolesTable {
  event_id: string;
  admin_id: string;
  role: string;
}

export interface AdminSessionsTable {
  token_hash: string;
  admin_id: string;
  created_at: number;
  expires_at: number;
}

export interface PollsTable {
  id: string;
  event_id: string;
  agenda_item_id: string;
  title: string;
  description: string;
  kind: string;
  options: string;
  min_choices: number;
  max_choices: number;
  allow_abstain: number;
  secret: number;
  majority: string;
  abstentions_count: number;
  quorum: string | null;
  status: string;
  eligible_count: number | null;
  eligible_weight: number | null;
  created_at: number;
  opened_at: number | null;
  closed_at: number | null;
  published_at: number | null;
  /** Secret polls while open: the salt of the poll's ballot key (hex); see ballot-seal.ts. */
  ballot_salt: string | null;
  /** Secret polls while open: proves the configured ballot secret is the one the poll was opened with. */
  ballot_key_check: string | null;
}

export interface ProxiesTable {
  principal_id: string;
  event_id: string;
  delegate_id: string;
  created_at: number;
}

/** "Has voted": one row per (poll, principal); the primary key is the one-ballot guarantee. */
export interface PollVotersTable {
  poll_id: string;
  principal_id: string;
  voter_id: string;
  /** SHA-256 of the client's ballot id: recognises a retry without storing the id. */
  ballot_key_hash: string;
  /** The receipt XOR a key derived from the ballot id: only the client can unseal it. */
  sealed_receipt: string;
  weight: number;
  voted_at: number;
}

/** The choices of named polls, with who cast them. No timestamp. */
export interface BallotsTable {
  id: string;
  poll_id: string;
  receipt: string;
  weight: number;
  choice: string;
  participant_id: string | null;
  voter_id: string | null;
}

/** The choices of an open secret poll, sealed (see ballot-seal.ts): a random id and the sealed choice and weight, nothing else. */
export interface SealedBallotsTable {
  id: string;
  poll_id: string;
  sealed: string;
}

/**
 * A closed secret poll's totals, in place of its ballots: one row per option
 * (`option:<id>`), one for abstentions (`abstain`) and one for all ballots
 * (`turnout`), each a ballot count and a weight sum.
 */
export interface BallotTotalsTable {
  poll_id: string;
  total: string;
  ballots: number;
  weight: number;
}

/** Receipts of secret polls, hashed, apart from the choices: a receipt proves a ballot was counted, never what it said. */
export interface BallotReceiptsTable {
  receipt_hash: string;
  poll_id: string;
}

export interface CheckinLogTable {
  id: Generated<number>;
  event_id: string;
  participant_id: string;
  kind: "in" | "out";
  at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  event_id: string | null;
  actor: string;
  action: string;
  subject: string | null;
  before_json: string | null;
  after_json: string | null;
  at: number;
}

/** One event's invitation mail template (absent: the defaults). */
export interface MailTemplatesTable {
  event_id: string;
  default_language: string;
  subject_en: string;
  body_en: string;
  subject_de: string;
  body_de: string;
  updated_at: number;
}

/** The invitation mail outbox: one message per participant and kind (see domain/mail.ts). */
export interface MailOutboxTable {
  id: string;
  event_id: string;
  participant_id: string;
  kind: string;
  state: string;
  /** Attempts handed to SMTP so far. */
  attempts: number;
  /** When a queued message may be claimed. */
  next_attempt_at: number;
  queued_at: number;
  /** When the current attempt was claimed (marked sending). */
  claimed_at: number | null;
  /** Random per claim: only the claim that marked it sending settles it. */
  claim_id: string | null;
  sent_at: number | null;
  /** The address of the last attempt. */
  recipient: string | null;
  /** The SMTP server's answer or the connection error; never a credential. */
  last_error: string | null;
  provider_message_id: string | null;
  /** The link's token, sealed (see mail-token-seal.ts); erased once the message is sent or failed. */
  sealed_token: string | null;
}

/** An election beside its poll row (kind "election"), which carries title, status, secrecy and the eligibility snapshot. */
export interface ElectionsTable {
  poll_id: string;
  /** JSON: the election's rules as the chair set them (everything of `NewElection` but title, description and candidates). */
  setup: string;
  /** JSON `ElectionDefinition`, frozen when the election opens; null in draft. */
  definition: string | null;
  /** "none" | "open" | "closed": whether participants may nominate candidates. */
  nomination: string;
  /** The lot seed drawn when the election closed (also in the audit log). */
  lot_seed: string | null;
  /** JSON `ElectionResult`, counted when the election closed. */
  result: string | null;
  /** The election whose result asked for this runoff. */
  runoff_of: string | null;
}

export interface ElectionCandidatesTable {
  election_id: string;
  id: string;
  position: number;
  name: string;
  group_name: string | null;
  gender: string | null;
  region: string | null;
  statement: string;
  /** The roll entry the candidate was taken from, when any. */
  participant_id: string | null;
  /** The participant who nominated the candidate during a nomination phase. */
  nominated_by: string | null;
  withdrawn: number;
}

/**
 * A closed secret election's ballots, grouped: one row per distinct ballot
 * (JSON: a choice, or a split's parts), with how many ballots said it and
 * their weight. The count of the groups equals the count of the ballots.
 */
export interface ElectionTotalsTable {
  poll_id: string;
  ballot: string;
  ballots: number;
  weight: number;
}

export interface Database {
  events: EventsTable;
  agenda_items: AgendaItemsTable;
  announcements: AnnouncementsTable;
  participants: ParticipantsTable;
  invitations: InvitationsTable;
  admin_users: AdminUsersTable;
  event_roles: EventRolesTable;
  admin_sessions: AdminSessionsTable;
  polls: PollsTable;
  proxies: ProxiesTable;
  poll_voters: PollVotersTable;
  ballots: BallotsTable;
  sealed_ballots: SealedBallotsTable;
  ballot_totals: BallotTotalsTable;
  ballot_receipts: BallotReceiptsTable;
  checkin_log: CheckinLogTable;
  audit_log: AuditLogTable;
  mail_templates: MailTemplatesTable;
  mail_outbox: MailOutboxTable;
  elections: ElectionsTable;
  election_candidates: ElectionCandidatesTable;
  election_totals: ElectionTotalsTable;
}

export type SqlDialectName = "sqlite" | "postgres";
