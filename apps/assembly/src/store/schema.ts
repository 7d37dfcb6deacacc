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
  edited_at: number | null;
  withdrawn_at: number | null;
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
  /** Trimmed as given; not unique (a roll may list a member twice), single sign-on refuses an ambiguous one. */
  member_number: string | null;
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
  /** Whether a ballot may split its weight across choices (see `PollDefinition.allowSplit`); an election's own rule is in its definition. */
  allow_split: number;
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
  /** Moves on with every paper entry: a cached final tally is valid for one revision (see FinalTallies). */
  paper_revision: Generated<number>;
  /** The motion the poll decides, or the motion of the amendment it decides; null for any other poll. */
  motion_id?: string | null;
  /** The amendment the poll decides; null when it decides the motion itself or none. */
  amendment_id?: string | null;
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
  /** 1: a named paper voter entered by a chair (no ballot id, no receipt; see paper-votes-repo.ts). */
  paper: Generated<number>;
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

/** A poll's hand counts (`AnalogCounts` as JSON), and who entered the current version. */
export interface PaperCountsTable {
  poll_id: string;
  counts: string;
  entered_by: string;
  entered_at: number;
}

/** Named polls: a named paper voter's choice, as published with the named ballots. Secret polls have none. */
export interface PaperBallotsTable {
  poll_id: string;
  principal_id: string;
  choice: string;
  weight: number;
}

export interface CheckinLogTable {
  id: Generated<number>;
  event_id: string;
  participant_id: string;
  kind: "in" | "out";
  at: number;
  /** Who made the change (`PresenceByKind`); null in entries written before this was recorded. */
  by_kind: string | null;
  /** The chair's admin id when `by_kind` is "chair". */
  by_admin_id: string | null;
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

/** A JSON export of an event in its canonical form, kept under its SHA-256 (see store/records-repo.ts). */
export interface RecordsTable {
  event_id: string;
  sha256: string;
  body: string;
  size_bytes: number;
  created_at: number;
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

/** Whether an event accepts single sign-on, and how a signed-in member is found on its roll. */
export interface EventSsoTable {
  event_id: string;
  enabled: number;
  /** "email" | "member_number". */
  match_by: string;
  updated_at: number;
}

/** A single sign-on begun and not yet completed: single use, short-lived, nothing in clear. */
export interface SsoLoginsTable {
  /** SHA-256 of the `state` sent to the provider. */
  state_hash: string;
  event_id: string;
  /** SHA-256 of the secret in the browser's login cookie (binds the callback to the browser that began). */
  browser_hash: string;
  expires_at: number;
}

/** A motion's event settings; an event without a row uses the defaults (see domain/motion/motion-settings.ts). */
export interface MotionSettingsTable {
  event_id: string;
  /** The workflow as JSON (domain/motion/workflow.ts). */
  workflow: string;
  line_length: number;
  participant_motions: number;
  participant_amendments: number;
  updated_at: number;
}

export interface MotionsTable {
  id: string;
  event_id: string;
  /** Unique within the event; several may have none yet. */
  number: string | null;
  title: string;
  text: string;
  reason: string;
  /** JSON list of submitters. */
  submitters: string;
  min_supporters: number;
  category: string | null;
  agenda_item_id: string | null;
  state: string;
  /** JSON, or null for none. */
  recommendation: string | null;
  /** Order in the motion book: the order motions were made. */
  position: number;
  created_at: number;
}

/** Who supports a motion: one row per participant, whatever the number of taps. */
export interface MotionSupportersTable {
  motion_id: string;
  participant_id: string;
  supported_at: number;
}

export interface AmendmentsTable {
  id: string;
  motion_id: string;
  event_id: string;
  number: string | null;
  line_from: number;
  line_to: number;
  original: string;
  text: string;
  reason: string;
  submitters: string;
  state: string;
  recommendation: string | null;
  created_at: number;
}

/** One list of speakers: of an agenda item, or of a motion on it (`motion_id`, no foreign key: motions live apart). */
export interface SpeakerListsTable {
  id: string;
  event_id: string;
  agenda_item_id: string;
  motion_id: string | null;
  closed: number;
  points_of_order: number;
  pro_contra: number;
  /** Milliseconds per speech, null for no limit. */
  time_limit_ms: number | null;
  point_of_order_time_limit_ms: number | null;
  /** The fair-order rule as JSON, null for first come, first served. */
  fair_order: string | null;
  created_at: number;
}

/** One request to speak; `queue_position` orders the waiting ones and is null for all others. */
export interface SpeakerEntriesTable {
  id: string;
  list_id: string;
  participant_id: string;
  /** The order entries were made in, per list. */
  seq: number;
  kind: string;
  request_key: string;
  requested_at: number;
  added_by: string;
  state: string;
  queue_position: number | null;
  started_at: number | null;
  running_since: number | null;
  ended_at: number | null;
  spoken_ms: number;
  removed_by: string | null;
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
  /** JSON `ElectionPaper`: the paper ballots entered after closing (counted into `result`); null when none. */
  paper: string | null;
  paper_entered_by: string | null;
  paper_entered_at: number | null;
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

/** One named screen of an event and what it shows now. */
export interface ProjectorsTable {
  id: string;
  event_id: string;
  name: string;
  /** JSON `ProjectorContent`. */
  content: string;
  changed_at: number;
  created_at: number;
}

export interface Database {
  motion_settings: MotionSettingsTable;
  motions: MotionsTable;
  motion_supporters: MotionSupportersTable;
  amendments: AmendmentsTable;
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
  paper_counts: PaperCountsTable;
  paper_ballots: PaperBallotsTable;
  checkin_log: CheckinLogTable;
  audit_log: AuditLogTable;
  mail_templates: MailTemplatesTable;
  mail_outbox: MailOutboxTable;
  event_sso: EventSsoTable;
  sso_logins: SsoLoginsTable;
  records: RecordsTable;
  speaker_lists: SpeakerListsTable;
  speaker_entries: SpeakerEntriesTable;
  elections: ElectionsTable;
  election_candidates: ElectionCandidatesTable;
  election_totals: ElectionTotalsTable;
  projectors: ProjectorsTable;
}

export type SqlDialectName = "sqlite" | "postgres";
