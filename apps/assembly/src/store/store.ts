import type { MailPage } from "../api/routes/mail.ts";
import type { Language } from "../domain/language.ts";
import type { MailAudience, MailCounts, MailKind, MailState } from "../domain/mail.ts";
import type { MailTemplate } from "../domain/mail-template.ts";
import type { Entitlement, ReceiptCheck } from "../api/routes/ballots.ts";
import type { AdminSession, AdminUser, EventRoleGrant } from "../domain/admin.ts";
import type { AgendaItem, Announcement } from "../domain/agenda.ts";
import type { PresenceBy, PresenceChange } from "../domain/attendance.ts";
import type { AuditEntry, NewAuditEntry } from "../domain/audit.ts";
import type { BallotChoice, BallotPart, BallotReceipt, PollBallot } from "../domain/ballot.ts";
import type { ElectionBallot, ElectionBallotPart, ElectionChoice } from "../domain/election/ballot.ts";
import type { Election, ElectionSetup } from "../domain/election/election.ts";
import type { ElectionPaper } from "../domain/election/paper.ts";
import type { AssemblyEvent, EventSettings, EventStatus } from "../domain/event.ts";
import type { NewParticipant, Participant, ParticipantPatch } from "../domain/participant.ts";
import type { NewPoll, Poll, PollKind, PollPatch, PollStatus, Quorum } from "../domain/poll.ts";
import type { Proxy } from "../domain/proxy.ts";
import type { EventSso } from "../domain/sso.ts";
import type { AdminRole } from "../domain/roles.ts";
import type { AnalogCounts } from "../domain/analog-counts.ts";
import type { PollOutcome, Tally, Total } from "../domain/tally.ts";
import type { Amendment, NewAmendment } from "../domain/motion/amendment.ts";
import type { Motion, MotionDefinition, MotionPatch, NewMotion } from "../domain/motion/motion.ts";
import type { MotionSettings, MotionSettingsPatch } from "../domain/motion/motion-settings.ts";
import type { Recommendation } from "../domain/motion/recommendation.ts";
import type { SpeakerList } from "../domain/speakers/speaker-list.ts";
import type { Projector, ProjectorContentInput } from "../domain/projector.ts";

export interface NewEvent {
  readonly name: string;
  /** IANA zone; default "UTC". */
  readonly timezone?: string;
  readonly settings?: Partial<EventSettings>;
}

export interface EventPatch {
  readonly name?: string;
  readonly timezone?: string;
  readonly settings?: Partial<EventSettings>;
}

export interface NewAgendaItem {
  readonly title: string;
  readonly description?: string;
  /** 0-based; default: appended at the end. */
  readonly position?: number;
}

export interface AgendaItemPatch {
  readonly title?: string;
  readonly description?: string;
}

export interface NewAnnouncement {
  readonly title: string;
  readonly body: string;
  readonly agendaItemId?: string | null;
}

export interface InvitationEntry {
  readonly participantId: string;
  /** SHA-256 hex of the token, as for `invitations.issue`. */
  readonly tokenHash: string;
}

export interface IssueInvitationsOptions {
  /** Leave participants with an active invitation untouched (default false: re-issue for everyone listed). */
  readonly skipInvited?: boolean;
  /** Add the new links and leave the earlier ones active (default false: the new link replaces them). */
  readonly keepEarlier?: boolean;
}

export interface NewAdminUser {
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
}

/**
 * Which participants `participants.list` returns. The poll filters read the
 * "has voted" records (never a choice), count the principal's vote whoever
 * cast it (a delegate's ballot counts as the principal's), and use the
 * current eligibility and presence flags; the poll must belong to the event.
 * - `voted`: a ballot was cast for them in the poll.
 * - `not_voted`: eligible, and no ballot cast for them yet.
 * - `present_not_voted`: eligible, checked in, and no ballot cast for them
 *   yet: whom the chairs still wait for in the room.
 */
export type ParticipantFilter =
  | { readonly kind: "all" }
  | { readonly kind: "present" }
  | { readonly kind: "absent" }
  | { readonly kind: "voted"; readonly pollId: string }
  | { readonly kind: "not_voted"; readonly pollId: string }
  | { readonly kind: "present_not_voted"; readonly pollId: string };

export interface ParticipantQuery {
  /** Case-insensitive substring of name or email. */
  readonly search?: string;
  readonly filter?: ParticipantFilter;
  /** Default 0. */
  readonly offset?: number;
  /** 1..1000, default 50. */
  readonly limit?: number;
}

/** A participant as the admin list shows them. */
export interface ParticipantRow extends Participant {
  readonly present: boolean;
}

export interface ParticipantPage {
  readonly items: readonly ParticipantRow[];
  /** Rows matching search + filter, ignoring offset/limit. */
  readonly total: number;
}

export interface ParticipantCounts {
  readonly total: number;
  readonly eligible: number;
  readonly eligibleWeight: number;
  readonly present: number;
  readonly presentEligible: number;
}

export interface CastBallotInput {
  /**
   * Client-generated idempotency key, 16..128 chars of [A-Za-z0-9_-] (a UUID
   * fits). It must be unguessable: for secret polls it is what seals the
   * receipt away from the voter's row (see `ballots.cast`).
   */
  readonly ballotId: string;
  readonly pollId: string;
  /** Whose vote is cast. */
  readonly principalId: string;
  /** Who casts it: the principal or the end of their delegation chain. */
  readonly voterId: string;
  /** A floor poll's choice, or an election's (see domain/election/ballot.ts); absent when `parts` are given. */
  readonly choice?: BallotChoice | ElectionChoice;
  /** The ballot split into parts instead of one choice, where the poll or election allows it. */
  readonly parts?: readonly (BallotPart | ElectionBallotPart)[];
}

/** A named poll's ballot as published: who, and their choice or split ("70 yes, 30 no"). */
export type NamedBallot = {
  readonly participantId: string;
  readonly name: string;
  /** Who cast it (a delegate, or the participant themselves). */
  readonly voterId: string;
  /** Voted on paper, entered by a chair (`voterId` is then the participant). */
  readonly paper: boolean;
} & PollBallot;

/** A participant a chair named as having voted on paper; `choice` only in named polls. */
export interface PaperVoter {
  readonly principalId: string;
  readonly name: string;
  readonly weight: number;
  readonly choice: BallotChoice | null;
}

/** A poll's paper votes as the chairs enter and see them. */
export interface PaperVotesRecord {
  readonly pollId: string;
  /** The current paper counts, with who entered them (an audit actor) and when; null before any. */
  readonly counts: AnalogCounts | null;
  readonly countsEnteredBy: string | null;
  readonly countsEnteredAt: string | null;
  /** Moves on with every entry or correction. */
  readonly revision: number;
  /** By name. */
  readonly voters: readonly PaperVoter[];
  /** Ballots cast online so far. */
  readonly online: Total;
}

export interface PollResult {
  readonly poll: Poll;
  readonly tally: Tally;
}

export interface AttendanceRow {
  readonly participantId: string;
  readonly name: string;
  readonly email: string;
  readonly group: string | null;
  readonly region: string | null;
  readonly present: boolean;
  readonly firstCheckInAt: string | null;
  readonly lastCheckInAt: string | null;
  readonly lastCheckOutAt: string | null;
  /** Who made the latest check-in / check-out: "member", "lapse" or "chair <e-mail>"; null when none or not recorded. */
  readonly lastCheckInBy: string | null;
  readonly lastCheckOutBy: string | null;
}

export interface AttendancePoint {
  /** Start of the bucket (ISO). */
  readonly at: string;
  /** Participants present at the end of the bucket. */
  readonly present: number;
  readonly checkIns: number;
  readonly checkOuts: number;
}

export interface PresentByKey {
  /** The group or region; null for participants without one. */
  readonly key: string | null;
  readonly present: number;
  readonly total: number;
}

export interface BallotsPerMinute {
  readonly minute: string;
  readonly count: number;
}

export interface OpenPollTurnout {
  readonly pollId: string;
  readonly title: string;
  readonly count: number;
  readonly weight: number;
  readonly eligibleCount: number;
  readonly eligibleWeight: number;
}

export interface ActivityRow {
  readonly id: string;
  readonly title: string;
  readonly ballots: number;
}

export interface TopActivity {
  readonly polls: readonly ActivityRow[];
  readonly agendaItems: readonly ActivityRow[];
}

export interface AuditQuery {
  /** Only entries with id > afterId (cursor paging). */
  readonly afterId?: number;
  /** 1..1000, default 100. */
  readonly limit?: number;
}

/** Everything about one event, for archiving and the JSON export. No token or password hashes. */
export interface EventExport {
  readonly exportedAt: string;
  readonly event: AssemblyEvent;
  readonly agenda: readonly AgendaItem[];
  readonly announcements: readonly Announcement[];
  readonly participants: readonly ParticipantRow[];
  readonly roles: readonly EventRoleGrant[];
  readonly proxies: readonly Proxy[];
  /** Closed and published polls carry their tally; named published polls their ballots. */
  readonly polls: readonly { readonly poll: Poll; readonly tally: Tally | null; readonly namedBallots: readonly NamedBallot[] | null }[];
  /**
   * Every election with its definition, paper part and result (counted once
   * closed). Absent from records kept before elections were exported: the
   * documents made from those say nothing of elections, as they did then.
   */
  readonly elections?: readonly Election[];
  readonly attendance: readonly AttendanceRow[];
  readonly audit: readonly AuditEntry[];
}

/**
 * What the assembly app reads and writes, one repository per aggregate, on
 * the store itself or inside `Store.transaction` (which hands the same
 * shape). Every method either completes entirely or changes
 * nothing, and on the store resolves only after its writes are committed
 * (inside `Store.transaction`, they commit with the enclosing transaction).
 * Refusals are `DomainError`s (see domain/errors.ts for the codes); unknown
 * ids are `not_found`. Input is validated with the domain rules before
 * anything is written. Timestamps are ISO-8601 UTC strings.
 *
 * The audit log is append-only: there is no method to change or delete an
 * entry. Methods do not audit by themselves; the caller (a command)
 * appends an entry for each admin action (`audit.append`), passing before/after, in the same
 * `Store.transaction` as the action, so neither commits without the other.
 */
export interface StoreOperations {
  readonly events: EventsRepository;
  readonly agenda: AgendaRepository;
  readonly announcements: AnnouncementsRepository;
  readonly invitations: InvitationsRepository;
  readonly admins: AdminsRepository;
  readonly roles: RolesRepository;
  readonly sessions: AdminSessionsRepository;
  readonly proxies: ProxiesRepository;
  readonly attendance: AttendanceRepository;
  readonly audit: AuditRepository;
  readonly reports: ReportQueries;
  readonly participants: ParticipantsRepository;
  readonly polls: PollsRepository;
  readonly elections: ElectionsRepository;
  /** Reads of ballots and results; casting is the store's (`Store.ballots.cast`), batched outside any transaction. */
  readonly ballots: BallotReads;
  readonly mail: MailRepository;
  readonly records: RecordsRepository;
  readonly sso: SsoRepository;
  readonly paper: PaperVotesRepository;
  readonly motions: MotionsRepository;
  readonly speakers: SpeakersRepository;
  readonly projectors: ProjectorsRepository;
}

/** A single sign-on begun at the provider and not yet back: what the callback checks. */
export interface PendingSsoLogin {
  /** SHA-256 hex of the `state` parameter. */
  readonly stateHash: string;
  readonly eventId: string;
  /** SHA-256 hex of the secret in the beginning browser's login cookie. */
  readonly browserHash: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

/** Single sign-on: each event's choice, and logins in flight (single use). */
export interface SsoRepository {
  /** The event's choice, or off when none was saved. `not_found` for an unknown event. */
  settings(eventId: string): Promise<EventSso>;
  /** Validated by `validateEventSso` (`invalid` with the field); returns it as stored. */
  saveSettings(eventId: string, sso: EventSso): Promise<EventSso>;
  /** Records a login in flight, expiring `ttlMs` from now (the store's clock), and forgets expired ones. */
  beginLogin(login: Omit<PendingSsoLogin, "expiresAt">, ttlMs: number): Promise<void>;
  /** Removes and returns the login with this state hash; undefined when unknown, already taken or expired. */
  consumeLogin(stateHash: string): Promise<PendingSsoLogin | undefined>;
}

/**
 * Paper votes of polls (see domain/paper-votes.ts for the rules and the
 * window). Every write locks the poll row, so it is serialised with ballot
 * batches and status changes, checks the poll's online and paper ballots
 * together against the frozen electorate, moves the poll's paper revision on
 * and returns the record as it is now. Refusals change nothing.
 */
export interface PaperVotesRepository {
  get(pollId: string): Promise<PaperVotesRecord>;
  /** Sets (or with null removes) the poll's paper counts, replacing earlier ones; `enteredBy` is the audit actor. */
  setCounts(pollId: string, counts: AnalogCounts | null, enteredBy: string): Promise<PaperVotesRecord>;
  /**
   * Names a participant of the poll's event who voted on paper: `not_found`
   * for another event's, `not_eligible` without a vote, `already_voted` when
   * a ballot was cast for them online. Naming them again replaces their
   * choice. `choice` is required in named polls, refused in secret ones.
   */
  nameVoter(pollId: string, principalId: string, choice: BallotChoice | null): Promise<PaperVotesRecord>;
  /** `not_found` unless they are a named paper voter of the poll. */
  removeVoter(pollId: string, principalId: string): Promise<PaperVotesRecord>;
}

/** What a poll decides: a motion, or one amendment to it. */
export interface MotionPollLink {
  readonly motionId: string;
  readonly amendmentId: string | null;
}

/** A motion or amendment before and after a step of its workflow, for the audit log. */
export interface StateChange<T> {
  readonly before: T;
  readonly after: T;
}

/**
 * Motions, their amendments and support, the event's motion settings, and
 * the link of a poll to what it decides. Every rule is the domain's
 * (domain/motion/); the repository adds what needs the database: numbers
 * unique per event (per motion for amendments, ignoring case), submitters
 * and agenda items of the same event, and one writer per motion at a time.
 */
export interface MotionsRepository {
  /** The event's settings; the defaults until a chair changes them. */
  settings(eventId: string): Promise<MotionSettings>;
  /** A new workflow must still hold every state a motion or amendment of the event is in (`conflict`). */
  updateSettings(eventId: string, patch: MotionSettingsPatch): Promise<MotionSettings>;
  /** A new motion, in the workflow's initial state. */
  create(eventId: string, input: NewMotion): Promise<Motion>;
  /** Several at once (an import): all of them, or none. Returns their ids in order. */
  createMany(eventId: string, definitions: readonly MotionDefinition[]): Promise<string[]>;
  get(motionId: string): Promise<Motion>;
  /** In the order they were made. */
  list(eventId: string): Promise<Motion[]>;
  update(motionId: string, patch: MotionPatch): Promise<Motion>;
  transition(motionId: string, to: string): Promise<StateChange<Motion>>;
  /** Idempotent: supporting twice is once. */
  support(motionId: string, participantId: string): Promise<Motion>;
  /** Idempotent: withdrawing support never given changes nothing. */
  withdrawSupport(motionId: string, participantId: string): Promise<Motion>;
  recommend(motionId: string, recommendation: Recommendation | null): Promise<Motion>;
  /** Filed against the motion's text numbered at the event's line length; starts in the workflow's initial state. */
  addAmendment(motionId: string, input: NewAmendment): Promise<Amendment>;
  getAmendment(amendmentId: string): Promise<Amendment>;
  /** In line order. */
  listAmendments(motionId: string): Promise<Amendment[]>;
  transitionAmendment(amendmentId: string, to: string): Promise<StateChange<Amendment>>;
  recommendAmendment(amendmentId: string, recommendation: Recommendation | null): Promise<Amendment>;
  /** Makes a draft poll of the same event decide the motion or amendment. */
  linkPoll(pollId: string, link: MotionPollLink): Promise<void>;
  /** What the poll decides; null for a poll deciding nothing. */
  pollLink(pollId: string): Promise<MotionPollLink | null>;
  /** The polls deciding the motion or its amendments, oldest first. */
  linkedPolls(motionId: string): Promise<{ pollId: string; amendmentId: string | null }[]>;
  /** `invalid_transition` unless what the poll decides is in a state votes are taken in. */
  checkVoteState(pollId: string): Promise<void>;
  /**
   * Moves what the poll decides by the workflow's vote rule. Null when the
   * poll decides nothing, or its subject has left the states votes are taken
   * in meanwhile (withdrawn by hand: that step stands).
   */
  decideByPoll(pollId: string, outcome: PollOutcome): Promise<StateChange<Motion | Amendment> | null>;
}

/** A message the sender claimed: what it needs to render and send it. */
export interface ClaimedMail {
  readonly id: string;
  readonly eventId: string;
  readonly eventName: string;
  readonly participantId: string;
  readonly name: string;
  readonly email: string;
  readonly language: Language | null;
  readonly kind: MailKind;
  /** Including this one. */
  readonly attempts: number;
  /** Settles this attempt (see `settleMail`). */
  readonly claimId: string;
  /** The link's token; null when it does not unseal (the server's ballot secret changed since it was queued). */
  readonly token: string | null;
}

/** How an attempt ended. */
export type MailSettlement =
  | { readonly state: "sent"; readonly messageId: string | null }
  /** A temporary failure: queued again for `retryAt` (epoch ms). */
  | { readonly state: "queued"; readonly error: string; readonly retryAt: number }
  | { readonly state: "failed"; readonly error: string }
  /** Handed over, but no answer came: it may have been delivered. */
  | { readonly state: "uncertain"; readonly error: string };

export interface MailQuery {
  /** Default: every state. */
  readonly states?: readonly MailState[];
  readonly offset?: number;
  /** 1..500, default 100. */
  readonly limit?: number;
}

/**
 * Invitation mail: the event's template and the outbox, one message per
 * participant and kind, sent at most once (see `claim`).
 */
export interface MailRepository {
  /** The event's template, or the defaults when none was saved. */
  template(eventId: string): Promise<MailTemplate>;
  /** Validated by `validateMailTemplate` (`invalid` with the field); returns it as stored. */
  saveTemplate(eventId: string, template: MailTemplate): Promise<MailTemplate>;
  /**
   * Queues one message of `kind` for each participant of `audience` (see
   * `MailAudience`; `not_found` for a selected id of another event), with a
   * new link each: issued and sealed into the message in one transaction,
   * serialised per event, so two sends at once cannot revoke each other's
   * links nor queue anyone twice. Invitations replace the participant's
   * earlier links; other kinds add one. A participant's earlier message of
   * the same kind is replaced. Returns who got a message, in name order.
   */
  queue(eventId: string, audience: MailAudience, kind: MailKind): Promise<string[]>;
  /**
   * Queues again (with a new link, earlier ones kept) the event's messages
   * among `mailIds` that are uncertain or failed; others are left alone.
   * Returns the participants whose message was queued.
   */
  requeue(eventId: string, mailIds: readonly string[]): Promise<string[]>;
  counts(eventId: string): Promise<MailCounts>;
  /** Newest queued first (then id), with the participant's current name and address. */
  list(eventId: string, query?: MailQuery): Promise<MailPage>;
  /**
   * Claims up to `limit` due queued messages for sending and commits that
   * (state `sending`, attempt counted) before it resolves, so a crash after
   * this can never lead to a second send by itself. Safe to call from many
   * processes at once: a message is claimed once (PostgreSQL skips rows
   * another claimer holds). Oldest due first.
   */
  claim(limit: number): Promise<ClaimedMail[]>;
  /**
   * Records how the claimed attempt ended; only the claim that marked the
   * message `sending` can settle it (still `sending`, or `uncertain` since).
   * Sent and failed messages lose their sealed token. Returns whether it was recorded.
   */
  settle(mailId: string, claimId: string, settlement: MailSettlement): Promise<boolean>;
  /**
   * Marks messages `sending` since before `claimedBefore` (epoch ms) as
   * `uncertain`: their sender died or hung mid-handover. Returns the events
   * that had such messages.
   */
  expireClaims(claimedBefore: number): Promise<string[]>;
}

/** Events: their settings and their status. */
export interface EventsRepository {
  create(input: NewEvent): Promise<AssemblyEvent>;
  get(eventId: string): Promise<AssemblyEvent>;
  list(): Promise<AssemblyEvent[]>;
  /** Name, timezone and settings; status changes go through `setStatus`. */
  update(eventId: string, patch: EventPatch): Promise<AssemblyEvent>;
  /** draft → open → closed (→ open again); `invalid_transition` otherwise. */
  setStatus(eventId: string, status: EventStatus): Promise<AssemblyEvent>;
}

/** The agenda of an event, in order. */
export interface AgendaRepository {
  add(eventId: string, input: NewAgendaItem): Promise<AgendaItem>;
  /** Ordered by position. */
  list(eventId: string): Promise<AgendaItem[]>;
  get(agendaItemId: string): Promise<AgendaItem>;
  update(agendaItemId: string, patch: AgendaItemPatch): Promise<AgendaItem>;
  /** Moves the item to `position` (clamped) and renumbers the others densely; returns the new order. */
  move(agendaItemId: string, position: number): Promise<AgendaItem[]>;
  /** `conflict` when polls are attached to it. */
  delete(agendaItemId: string): Promise<void>;
}

/** Announcements of an event. */
export interface AnnouncementEdit {
  readonly title: string;
  readonly body: string;
}

export interface AnnouncementsRepository {
  publish(eventId: string, input: NewAnnouncement): Promise<Announcement>;
  /** Newest first, withdrawn ones included (marked). */
  list(eventId: string): Promise<Announcement[]>;
  get(announcementId: string): Promise<Announcement>;
  /** Corrects title and body, recording when; `invalid_transition` once withdrawn. */
  edit(announcementId: string, input: AnnouncementEdit): Promise<Announcement>;
  /** Hides it from participants for good, recording when; `invalid_transition` if it already was. */
  withdraw(announcementId: string): Promise<Announcement>;
}

/** Personal invitation links (participant authentication), stored hashed. */
export interface InvitationsRepository {
  /**
   * Stores the SHA-256 hex hash of a new invitation token (the caller makes
   * the token and hashes it) and revokes the participant's earlier ones, so
   * re-issuing invalidates old links. `conflict` if the hash is already known.
   */
  issue(participantId: string, tokenHash: string): Promise<void>;
  /**
   * `issue` for many participants in one transaction (one commit
   * for a whole mail merge), all or nothing: `invalid` for a malformed hash,
   * `conflict` for a hash already known or repeated in `entries`, `not_found`
   * for an unknown participant. A participant listed twice keeps only their
   * last entry active. With `skipInvited`, participants who already have an
   * active invitation keep it and their entries are dropped, decided inside
   * the transaction so two exports at once cannot revoke each other's links.
   * Returns the ids of the participants who got a new active link, each
   * once, in order of first appearance.
   */
  issueMany(entries: readonly InvitationEntry[], options?: IssueInvitationsOptions): Promise<string[]>;
  /** Revokes every active invitation of the participant; idempotent. */
  revoke(participantId: string): Promise<void>;
  /** Notes the first time the participant opened a link (exchanged its token); later uses change nothing. */
  recordUse(tokenHash: string): Promise<void>;
  /** The participant owning an active (not revoked) invitation with this hash. */
  findParticipant(tokenHash: string): Promise<Participant | undefined>;
  /** Whether the participant holds an active link, had links that were all revoked, or never had one. */
  access(participantId: string): Promise<"active" | "revoked" | "none">;
  /** How many of the event's participants hold an active link. */
  countInvited(eventId: string): Promise<number>;
}

/** Admin accounts. */
export interface AdminsRepository {
  /** `conflict` on a duplicate email. */
  create(input: NewAdminUser): Promise<AdminUser>;
  get(adminId: string): Promise<AdminUser>;
  findByEmail(email: string): Promise<AdminUser | undefined>;
  setPassword(adminId: string, passwordHash: string): Promise<void>;
  listEvents(adminId: string): Promise<{ event: AssemblyEvent; role: AdminRole }[]>;
}

/** Who administers which event, in which role. */
export interface RolesRepository {
  /** Creates or replaces the admin's role in the event. */
  grant(eventId: string, adminId: string, role: AdminRole): Promise<EventRoleGrant>;
  /** Idempotent. `conflict` when it would remove the event's last owner. */
  revoke(eventId: string, adminId: string): Promise<void>;
  get(eventId: string, adminId: string): Promise<AdminRole | undefined>;
  list(eventId: string): Promise<EventRoleGrant[]>;
}

/** Admin sessions, by the SHA-256 hash of their token. */
export interface AdminSessionsRepository {
  /** Stores the SHA-256 hex hash of a session token. */
  create(tokenHash: string, adminId: string, expiresAt: Date): Promise<void>;
  /** The unexpired session with this hash (expiry checked against the store clock). */
  find(tokenHash: string): Promise<AdminSession | undefined>;
  /** Idempotent. */
  delete(tokenHash: string): Promise<void>;
  /**
   * Ends every session of the admin ("sign out everywhere"), except the one
   * whose token hash is `except` (the caller's own, kept on a password
   * change). Idempotent; returns how many sessions ended.
   */
  deleteAll(adminId: string, except?: string): Promise<number>;
  /** Returns how many expired sessions were removed. */
  deleteExpired(): Promise<number>;
}

/** Proxy votes: who votes for whom. */
export interface ProxiesRepository {
  /** Validated by `checkDelegation` inside the transaction. */
  grant(principalId: string, delegateId: string): Promise<Proxy>;
  /**
   * Ends the principal's delegation; idempotent. Ballots the delegate already
   * cast stay (the principal's vote in that poll is spent); in later or still
   * uncast polls the principal votes themselves.
   */
  revoke(principalId: string): Promise<void>;
  list(eventId: string): Promise<Proxy[]>;
  /** The principal's active delegation. */
  get(principalId: string): Promise<Proxy | undefined>;
}

/** Who is present, and the log of check-ins and -outs (with who made each). */
export interface AttendanceRepository {
  /** Marks present and logs a check-in by `by`; returns false (and logs nothing) when already present. */
  checkIn(participantId: string, by: PresenceBy): Promise<boolean>;
  /** Marks absent and logs a check-out by `by`; returns false when already absent. */
  checkOut(participantId: string, by: PresenceBy): Promise<boolean>;
  /** Checks out, as a lapse, a participant whose presence lapses when offline (`lapsesWhenOffline`); false when it does not or they are absent. */
  lapse(participantId: string): Promise<boolean>;
  /** The event's present participants whose presence would lapse when offline: the ones `lapse` may check out. */
  lapsable(eventId: string): Promise<string[]>;
  /** The participant's latest check-in or -out, null when they never had one. */
  lastChange(participantId: string): Promise<PresenceChange | null>;
  isPresent(participantId: string): Promise<boolean>;
  /** One row per participant, ordered by name; for the attendance CSV. */
  list(eventId: string): Promise<AttendanceRow[]>;
}

/** The append-only audit log: there is no method to change or delete an entry. */
export interface AuditRepository {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Ascending by id. */
  list(eventId: string, query?: AuditQuery): Promise<AuditEntry[]>;
  /** What the ids an entry carries (its actor's, its subject) name, for people to read; an id naming nothing of the event is left out. */
  names(eventId: string, ids: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

/** One kept JSON export of an event (see `RecordsRepository`). */
export interface RecordSummary {
  /** SHA-256 of the canonical JSON, lower-case hex. */
  readonly sha256: string;
  readonly createdAt: string;
  readonly sizeBytes: number;
}

/**
 * The event's record: JSON exports in canonical form, each kept under its
 * hash, so a PDF naming a hash can always be matched with the file it was
 * made from. Append-only, like the audit log.
 */
export interface RecordsRepository {
  /** Keeps `body` under `sha256` (computed by the caller over exactly these bytes); the same hash again keeps the first. */
  save(eventId: string, sha256: string, body: string): Promise<RecordSummary>;
  /** `not_found` when the event has no record with this hash. */
  get(eventId: string, sha256: string): Promise<RecordSummary & { readonly body: string }>;
  /** Newest first. */
  list(eventId: string): Promise<RecordSummary[]>;
}

/** Read-only reports of an event: the full export and the dashboard's aggregates. */
export interface ReportQueries {
  exportEvent(eventId: string): Promise<EventExport>;
  /** Check-ins and -outs bucketed by `bucketSeconds` (≥ 1) from the first log entry (or `since`) to now, with the running present count. */
  attendanceOverTime(eventId: string, bucketSeconds: number, since?: Date): Promise<AttendancePoint[]>;
  /** Present and total participants per group or region, largest present first. */
  presentBy(eventId: string, key: "group" | "region"): Promise<PresentByKey[]>;
  /** Ballots cast per minute in a poll (from the "has voted" records), ascending. */
  ballotsPerMinute(pollId: string, since?: Date): Promise<BallotsPerMinute[]>;
  /** Turnout of the event's open polls (usually one), oldest opened first. */
  openPollTurnout(eventId: string): Promise<OpenPollTurnout[]>;
  /** Polls and agenda items with the most ballots, most first. */
  topActivity(eventId: string, limit?: number): Promise<TopActivity>;
}

/** Participants of events: the people who may take part, their weights and eligibility. */
export interface ParticipantsRepository {
  /**
   * `conflict` on a duplicate email in the event; `electorate_frozen` for an
   * eligible participant while a poll of the event is open (see domain/electorate.ts).
   */
  add(eventId: string, input: NewParticipant): Promise<Participant>;
  /**
   * Inserts all rows or none (one transaction, batched multi-row inserts).
   * Every row is validated first; `invalid` with `details: {rows: [{index, message}]}`
   * listing all bad rows, or `conflict` with `details: {emails: [...]}` for
   * duplicates within the input or against the event, or `electorate_frozen`
   * when any row is eligible while a poll of the event is open. Returns the ids in input order.
   */
  addMany(eventId: string, inputs: readonly NewParticipant[]): Promise<string[]>;
  get(participantId: string): Promise<Participant>;
  findByEmail(eventId: string, email: string): Promise<Participant | undefined>;
  /** Every participant of the event with this member number (see `normalizeMemberNumber`); a roll may list one twice. */
  findByMemberNumber(eventId: string, memberNumber: string): Promise<Participant[]>;
  /**
   * `conflict` on a duplicate email. `electorate_frozen` for a change of
   * eligibility, or of an eligible participant's weight, while a poll of the
   * event is open; later changes do not touch ballots already cast.
   */
  update(participantId: string, patch: ParticipantPatch): Promise<Participant>;
  /** Ordered by name, then id (stable paging). `not_found` when a filter's poll is not in the event. */
  list(eventId: string, query?: ParticipantQuery): Promise<ParticipantPage>;
  count(eventId: string): Promise<ParticipantCounts>;
  /** Every participant of the event, ordered by email. */
  all(eventId: string): Promise<Participant[]>;
  /** Those of `participantIds` with a ballot, a proxy or a check-in on record: they cannot be removed. */
  onRecord(participantIds: readonly string[]): Promise<Set<string>>;
  /**
   * Removes a participant with nothing on record, with their invitation and
   * queued mail; returns them as they were. `participant_on_record` (nothing
   * removed) otherwise; `electorate_frozen` for an eligible one while a poll is open.
   */
  remove(participantId: string): Promise<Participant>;
}

/** A list of speakers as stored: what it belongs to, and its state as the domain reads it. */
export interface StoredSpeakerList {
  readonly id: string;
  readonly eventId: string;
  readonly agendaItemId: string;
  /** Null for the agenda item's own list. */
  readonly motionId: string | null;
  readonly list: SpeakerList;
}

/** What a change to a list returns: the list to store, and the caller's answer. */
export interface SpeakerListChange<T> {
  readonly list: SpeakerList;
  readonly result: T;
}

/** The lists of speakers of an event, one per agenda item and one per motion. */
export interface SpeakersRepository {
  /**
   * The list of agenda item `agendaItemId`, or of motion `motionId` on it;
   * made (open, default settings) on first use. `not_found` when the item is
   * not of the event.
   */
  open(eventId: string, agendaItemId: string, motionId: string | null): Promise<StoredSpeakerList>;
  get(listId: string): Promise<StoredSpeakerList>;
  /** Every list of the event that exists, in agenda order (an item's own list before its motions'). */
  list(eventId: string): Promise<StoredSpeakerList[]>;
  /**
   * Changes one list, one change at a time (the list's row is locked first):
   * `change` gets the list as it is and the instant of the change (the
   * store's clock) and returns the list to store; only what differs is
   * written. Inside a transaction, the transaction's.
   */
  change<T>(
    listId: string,
    change: (list: SpeakerList, at: string) => Promise<SpeakerListChange<T>>,
  ): Promise<{ readonly before: StoredSpeakerList; readonly after: StoredSpeakerList; readonly result: T }>;
}

/**
 * The event's screens. Names are unique within the event (`conflict`,
 * compared without case); what a screen shows is stored as given, so the
 * caller checks that it names something of the event first.
 */
export interface ProjectorsRepository {
  /** A new screen, following the day (`auto`). */
  create(eventId: string, name: string): Promise<Projector>;
  /** In the order they were made. */
  list(eventId: string): Promise<Projector[]>;
  get(projectorId: string): Promise<Projector>;
  rename(projectorId: string, name: string): Promise<Projector>;
  /** Stores what the screen shows from now on; a countdown's duration becomes its end instant on the store's clock. */
  show(projectorId: string, content: ProjectorContentInput): Promise<Projector>;
  delete(projectorId: string): Promise<void>;
}

/** Polls of an event and their run: draft, open, closed, published. */
export interface NewElectionRecord {
  readonly agendaItemId: string;
  readonly title: string;
  readonly description?: string;
  /** Default false (named: who voted what is published). */
  readonly secret?: boolean;
  readonly quorum?: Quorum | null;
  readonly setup: ElectionSetup;
  readonly candidates?: readonly CandidateInput[];
  /** Whether participants may nominate candidates until a chair closes the phase. */
  readonly nomination?: boolean;
}

export interface ElectionPatch {
  readonly agendaItemId?: string;
  readonly title?: string;
  readonly description?: string;
  readonly secret?: boolean;
  readonly quorum?: Quorum | null;
  readonly setup?: ElectionSetup;
}

/** A candidate for the list: from the participant roll (`participantId`; name and attributes taken from it unless given) or free text. */
export interface CandidateInput {
  readonly participantId?: string;
  readonly name?: string;
  readonly group?: string | null;
  readonly gender?: string | null;
  readonly region?: string | null;
  readonly statement?: string;
}

/** The next step of an election; closing counts it, drawing lots from `seed` under the lot rule. */
export type StatusChange =
  | { readonly status: "open" }
  | { readonly status: "closed"; readonly seed: string }
  | { readonly status: "published" };

/**
 * A closed election's ballots as exported: a named election's per voter, a
 * secret one's grouped by what they say (see secret-elections.ts), each
 * group a choice or a split's parts with how many ballots said it and their
 * weight.
 */
export type ElectionBallots =
  | {
      readonly kind: "named";
      readonly ballots: readonly {
        readonly participantId: string;
        readonly name: string;
        readonly voterId: string;
        readonly ballot: ElectionBallot;
      }[];
    }
  | {
      readonly kind: "grouped";
      readonly groups: readonly ({ readonly ballots: number; readonly weight: number } & (
        | { readonly choice: ElectionChoice }
        | { readonly parts: readonly ElectionBallotPart[] }
      ))[];
    };

/** Candidate elections (see domain/election/): each one's ballot box is a poll row of kind "election". */
export interface ElectionsRepository {
  /** Created as draft; the agenda item must belong to the event. */
  create(eventId: string, input: NewElectionRecord): Promise<Election>;
  get(electionId: string): Promise<Election>;
  /** Ordered by agenda position then creation. */
  list(eventId: string): Promise<Election[]>;
  /** Draft only. */
  update(electionId: string, patch: ElectionPatch): Promise<Election>;
  /** Draft only. */
  delete(electionId: string): Promise<void>;
  /** Draft only; the candidate gets the next free id. */
  addCandidate(electionId: string, input: CandidateInput): Promise<Election>;
  /** Draft only: a withdrawn candidate stays listed but is not on the ballot (and can stand again). */
  setWithdrawn(electionId: string, candidateId: string, withdrawn: boolean): Promise<Election>;
  /** Draft only: `order` lists every candidate id once. */
  reorder(electionId: string, order: readonly string[]): Promise<Election>;
  /** A participant's nomination, while the phase is open and the election a draft. */
  nominate(electionId: string, input: CandidateInput, nominatedBy: string): Promise<Election>;
  setNomination(electionId: string, phase: "open" | "closed"): Promise<Election>;
  /**
   * draft → open → closed → published, as polls. Opening freezes the
   * definition over the standing candidates (refused while nominations are
   * open); closing counts the ballots and stores the result.
   */
  setStatus(electionId: string, change: StatusChange): Promise<Election>;
  /** Once closed. */
  ballots(electionId: string): Promise<ElectionBallots>;
  /** A draft runoff from a single-choice result that asks for one (at most one per election). */
  createRunoff(electionId: string): Promise<Election>;
  /**
   * The chair's decision on the tie a closed election's result waits for
   * (chair rule): the tied candidates from most to least favoured; the count
   * runs again with every decision so far and may wait for another tie.
   */
  decideTie(electionId: string, order: readonly string[]): Promise<Election>;
  /**
   * The paper ballots of a closed election (null removes them), counted with
   * the online ones into a new result (see domain/election/paper.ts):
   * `paper_window_closed` outside "closed", `paper_exceeds_eligible` beyond
   * the electorate frozen at opening, `paper_counts_ranked` for counts of a
   * ranked election.
   */
  setPaper(electionId: string, paper: ElectionPaper | null, enteredBy: string): Promise<Election>;
}

export interface PollsRepository {
  /** Created as draft; the agenda item must belong to the event. */
  create(eventId: string, input: NewPoll): Promise<Poll>;
  get(pollId: string): Promise<Poll>;
  /** Ordered by agenda position then creation; optionally only one agenda item's. */
  list(eventId: string, agendaItemId?: string): Promise<Poll[]>;
  /** Draft only (`invalid_transition` after). */
  update(pollId: string, patch: PollPatch): Promise<Poll>;
  /** Draft only. */
  delete(pollId: string): Promise<void>;
  /**
   * draft → open → closed → published. Opening freezes the eligible count and
   * weight (changes to them are refused while the poll is open, so each ballot
   * carries the frozen weight); opening requires the event to be open (`invalid_transition`).
   * Closing is serialised with `ballots.cast`: a ballot either commits before
   * the close (and is counted) or is refused with `poll_not_open`. Closing a
   * secret poll opens its sealed ballots and stores their totals in their
   * place, in the same transaction; with another ballot secret than the one
   * it was opened with it fails with `BallotSecretMismatch` and changes nothing.
   */
  setStatus(pollId: string, status: PollStatus): Promise<Poll>;
  /**
   * The poll's kind ("election" for an election's ballot box), once
   * participants of `eventId` may see poll `pollId` (it is past draft and of
   * that event); `not_found` otherwise, as for an unknown poll.
   * Cached per store: a poll never changes event nor returns to draft, so a
   * ballot needs no query for it (its status is checked inside the write).
   */
  checkVisible(eventId: string, pollId: string): Promise<PollKind>;
}

/** Reading ballots and counting them. */
export interface BallotReads {
  /** Whether a ballot with this receipt is stored (counted), and in which poll. Never reveals the choice or the voter. */
  verifyReceipt(receipt: string): Promise<ReceiptCheck>;
  /** The SHA-256 hashes of a secret poll's receipts (see domain/receipt.ts), sorted, so their order says nothing. When to show them is the caller's. */
  receiptHashes(pollId: string): Promise<string[]>;
  hasVoted(pollId: string, principalId: string): Promise<boolean>;
  /** Principals `voterId` may cast for in the poll (self unless delegated away, plus principals), with voted flags. */
  listEntitlements(pollId: string, voterId: string): Promise<Entitlement[]>;
  /**
   * Counts the stored ballots with the domain tally. Named polls: any status.
   * Secret polls are counted when they close (from the totals closing
   * stored); while open `invalid_transition`, since nobody may see a result
   * before the close (turnout is in `reports.openPollTurnout`).
   */
  tally(pollId: string): Promise<PollResult>;
  /** Who voted what in a named poll, ordered by name; `invalid` for secret polls. Authorisation (published or admin) is the caller's. */
  listNamed(pollId: string): Promise<NamedBallot[]>;
  /** Results of the event's closed and published polls in agenda order, for the results CSV. */
  listResults(eventId: string): Promise<PollResult[]>;
}

/** Ballots, with casting: only the store casts (in batches of its own), never a transaction. */
export interface BallotsRepository extends BallotReads {
  /**
   * Casts one ballot and resolves only after it is committed.
   *
   * - Idempotent by (poll, principal, ballotId): the voter who cast the
   *   stored ballot gets the same receipt on a retry, even after the poll closed.
   * - One ballot per principal per poll, enforced by a unique constraint:
   *   another ballotId for a principal who already voted is `already_voted`,
   *   also under any concurrency.
   * - Refusals: `invalid` ballot id first; then, unless it is the voter of
   *   record's retry, `not_found` (poll, principal, voter, or not in the
   *   poll's event), `poll_not_open`, `not_eligible`, `not_entitled`,
   *   `not_present` (see `authorizeBallot`), and only then `already_voted`,
   *   so a voter who may not cast this principal's ballot learns nothing
   *   about whether it was cast; last `invalid` choice (see `validateChoice`).
   * - The weight is the principal's weight at cast time.
   * - Secret polls: the choice is sealed with the poll's key (see
   *   secret-ballots.ts) in a row with a random id and nothing else (no
   *   weight, participant, voter, timestamp or receipt); the receipt is
   *   stored hashed in a table of its own; the "has voted" row holds the
   *   principal but not the receipt (only the receipt sealed with a key
   *   derived from the ballot id, and a hash of the ballot id). Whatever
   *   ties rows of one commit together (WAL, `xmin`, page order) ties a
   *   person to a ciphertext at most. Closing the poll replaces its sealed
   *   choices with totals. A configured ballot secret other than the one the
   *   poll was opened with refuses the ballot with `BallotSecretMismatch`.
   * - Ballots are written in batches: casts arriving while one batch commits
   *   share the next transaction (one fsync for many ballots); each call still
   *   resolves only after its own ballot is committed.
   */
  cast(input: CastBallotInput): Promise<BallotReceipt>;
}

/** The assembly app's persistence: the operations, plus casting ballots and transactions. */
export interface Store extends StoreOperations {
  readonly dialect: "sqlite" | "postgres";
  /** Releases the database; safe to call twice. Other calls after close reject. */
  close(): Promise<void>;
  /**
   * Runs `work` with `tx`, the same operations bound to one transaction:
   * what `work` does through `tx` (an admin action and its audit entry)
   * commits when `work` resolves, or not at all when it rejects (the
   * rejection is passed on), and the result resolves only after the commit.
   * `tx` must not be used after `work` settles, nor the store itself inside
   * `work` (on SQLite that waits for this very transaction). Keep `work`
   * short: on SQLite it holds the only connection.
   */
  transaction<T>(work: (tx: StoreOperations) => Promise<T>): Promise<T>;

  readonly ballots: BallotsRepository;
}

export interface StoreConfig {
  /** postgres://… selects PostgreSQL; otherwise SQLite. */
  readonly databaseUrl?: string;
  /** SQLite file (default ./data/plenum.sqlite; its directory is created) or ":memory:". */
  readonly sqlitePath?: string;
  /** Time source for timestamps and session expiry; default `Date.now`. */
  readonly clock?: () => number;
  /**
   * At least 32 random bytes, kept outside the database: the keys that seal
   * the choices of open secret polls derive from it. An open secret poll can
   * only take ballots and close with the secret it was opened with.
   */
  readonly ballotSecret: Uint8Array;
}
