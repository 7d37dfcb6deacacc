import type { AdminSession, AdminUser, EventRoleGrant } from "../domain/admin.ts";
import type { AgendaItem, Announcement } from "../domain/agenda.ts";
import type { AuditEntry, NewAuditEntry } from "../domain/audit.ts";
import type { BallotReceipt } from "../domain/ballot.ts";
import type { AssemblyEvent, EventStatus } from "../domain/event.ts";
import type { NewParticipant, Participant, ParticipantPatch } from "../domain/participant.ts";
import type { NewPoll, Poll, PollPatch, PollStatus } from "../domain/poll.ts";
import type { Proxy } from "../domain/proxy.ts";
import type { AdminRole } from "../domain/roles.ts";
import * as admins from "./admins-repo.ts";
import * as agenda from "./agenda-repo.ts";
import * as attendance from "./attendance-repo.ts";
import * as audit from "./audit-repo.ts";
import * as ballots from "./ballots-repo.ts";
import type { StoreContext } from "./context.ts";
import * as dashboard from "./dashboard-queries.ts";
import type { DatabaseHandle } from "./database.ts";
import { exportEvent } from "./event-export.ts";
import * as events from "./events-repo.ts";
import * as invitations from "./invitations-repo.ts";
import * as participants from "./participants-repo.ts";
import * as polls from "./polls-repo.ts";
import * as proxies from "./proxies-repo.ts";
import type {
  AgendaItemPatch,
  AttendancePoint,
  AttendanceRow,
  AuditQuery,
  BallotsPerMinute,
  CastBallotInput,
  Entitlement,
  EventExport,
  EventPatch,
  NamedBallot,
  NewAdminUser,
  NewAgendaItem,
  NewAnnouncement,
  NewEvent,
  OpenPollTurnout,
  ParticipantCounts,
  ParticipantPage,
  ParticipantQuery,
  PollResult,
  PresentByKey,
  ReceiptCheck,
  Store,
  TopActivity,
} from "./store.ts";

/** The `Store` over Kysely: each method hands the shared context to its repository function. */
export class SqlStore implements Store {
  readonly dialect: Store["dialect"];
  #context: StoreContext | undefined;
  #closing: Promise<void> | undefined;

  constructor(handle: DatabaseHandle, clock: () => number) {
    this.dialect = handle.dialect;
    this.#context = { db: handle.db, dialect: handle.dialect, now: clock };
  }

  get #ctx(): StoreContext {
    if (this.#context === undefined) throw new Error("store is closed");
    return this.#context;
  }

  close(): Promise<void> {
    if (this.#closing === undefined) {
      const db = this.#context?.db;
      this.#context = undefined;
      this.#closing = db === undefined ? Promise.resolve() : db.destroy();
    }
    return this.#closing;
  }

  createEvent(input: NewEvent): Promise<AssemblyEvent> { return events.createEvent(this.#ctx, input); }
  getEvent(eventId: string): Promise<AssemblyEvent> { return events.requireEvent(this.#ctx.db, eventId); }
  listEvents(): Promise<AssemblyEvent[]> { return events.listEvents(this.#ctx); }
  updateEvent(eventId: string, patch: EventPatch): Promise<AssemblyEvent> { return events.updateEvent(this.#ctx, eventId, patch); }
  setEventStatus(eventId: string, status: EventStatus): Promise<AssemblyEvent> { return events.setEventStatus(this.#ctx, eventId, status); }

  addAgendaItem(eventId: string, input: NewAgendaItem): Promise<AgendaItem> { return agenda.addAgendaItem(this.#ctx, eventId, input); }
  listAgendaItems(eventId: string): Promise<AgendaItem[]> { return agenda.listAgendaItems(this.#ctx, eventId); }
  updateAgendaItem(agendaItemId: string, patch: AgendaItemPatch): Promise<AgendaItem> { return agenda.updateAgendaItem(this.#ctx, agendaItemId, patch); }
  moveAgendaItem(agendaItemId: string, position: number): Promise<AgendaItem[]> { return agenda.moveAgendaItem(this.#ctx, agendaItemId, position); }
  deleteAgendaItem(agendaItemId: string): Promise<void> { return agenda.deleteAgendaItem(this.#ctx, agendaItemId); }
  publishAnnouncement(eventId: string, input: NewAnnouncement): Promise<Announcement> { return agenda.publishAnnouncement(this.#ctx, eventId, input); }
  listAnnouncements(eventId: string): Promise<Announcement[]> { return agenda.listAnnouncements(this.#ctx, eventId); }

  addParticipant(eventId: string, input: NewParticipant): Promise<Participant> { return participants.addParticipant(this.#ctx, eventId, input); }
  addParticipants(eventId: string, inputs: readonly NewParticipant[]): Promise<string[]> { return participants.addParticipants(this.#ctx, eventId, inputs); }
  getParticipant(participantId: string): Promise<Participant> { return participants.requireParticipant(this.#ctx.db, participantId); }
  findParticipantByEmail(eventId: string, email: string): Promise<Participant | undefined> { return participants.findParticipantByEmail(this.#ctx, eventId, email); }
  updateParticipant(participantId: string, patch: ParticipantPatch): Promise<Participant> { return participants.updateParticipant(this.#ctx, participantId, patch); }
  listParticipants(eventId: string, query?: ParticipantQuery): Promise<ParticipantPage> { return participants.listParticipants(this.#ctx, eventId, query); }
  countParticipants(eventId: string): Promise<ParticipantCounts> { return participants.countParticipants(this.#ctx, eventId); }

  issueInvitation(participantId: string, tokenHash: string): Promise<void> { return invitations.issueInvitation(this.#ctx, participantId, tokenHash); }
  revokeInvitations(participantId: string): Promise<void> { return invitations.revokeInvitations(this.#ctx, participantId); }
  findParticipantByInvitation(tokenHash: string): Promise<Participant | undefined> { return invitations.findParticipantByInvitation(this.#ctx, tokenHash); }

  createAdminUser(input: NewAdminUser): Promise<AdminUser> { return admins.createAdminUser(this.#ctx, input); }
  getAdminUser(adminId: string): Promise<AdminUser> { return admins.getAdminUser(this.#ctx, adminId); }
  findAdminUserByEmail(email: string): Promise<AdminUser | undefined> { return admins.findAdminUserByEmail(this.#ctx, email); }
  setAdminPassword(adminId: string, passwordHash: string): Promise<void> { return admins.setAdminPassword(this.#ctx, adminId, passwordHash); }
  grantRole(eventId: string, adminId: string, role: AdminRole): Promise<EventRoleGrant> { return admins.grantRole(this.#ctx, eventId, adminId, role); }
  revokeRole(eventId: string, adminId: string): Promise<void> { return admins.revokeRole(this.#ctx, eventId, adminId); }
  getRole(eventId: string, adminId: string): Promise<AdminRole | undefined> { return admins.getRole(this.#ctx, eventId, adminId); }
  listRoles(eventId: string): Promise<EventRoleGrant[]> { return admins.listRoles(this.#ctx, eventId); }
  listEventsForAdmin(adminId: string): Promise<{ event: AssemblyEvent; role: AdminRole }[]> { return admins.listEventsForAdmin(this.#ctx, adminId); }
  createAdminSession(tokenHash: string, adminId: string, expiresAt: Date): Promise<void> { return admins.createAdminSession(this.#ctx, tokenHash, adminId, expiresAt); }
  findAdminSession(tokenHash: string): Promise<AdminSession | undefined> { return admins.findAdminSession(this.#ctx, tokenHash); }
  deleteAdminSession(tokenHash: string): Promise<void> { return admins.deleteAdminSession(this.#ctx, tokenHash); }
  deleteExpiredAdminSessions(): Promise<number> { return admins.deleteExpiredAdminSessions(this.#ctx); }

  createPoll(eventId: string, input: NewPoll): Promise<Poll> { return polls.createPoll(this.#ctx, eventId, input); }
  getPoll(pollId: string): Promise<Poll> { return polls.requirePoll(this.#ctx, this.#ctx.db, pollId); }
  listPolls(eventId: string, agendaItemId?: string): Promise<Poll[]> { return polls.listPolls(this.#ctx, eventId, agendaItemId); }
  updatePoll(pollId: string, patch: PollPatch): Promise<Poll> { return polls.updatePoll(this.#ctx, pollId, patch); }
  deletePoll(pollId: string): Promise<void> { return polls.deletePoll(this.#ctx, pollId); }
  setPollStatus(pollId: string, status: PollStatus): Promise<Poll> { return polls.setPollStatus(this.#ctx, pollId, status); }

  grantProxy(principalId: string, delegateId: string): Promise<Proxy> { return proxies.grantProxy(this.#ctx, principalId, delegateId); }
  revokeProxy(principalId: string): Promise<void> { return proxies.revokeProxy(this.#ctx, principalId); }
  listProxies(eventId: string): Promise<Proxy[]> { return proxies.listProxies(this.#ctx, eventId); }
  getProxy(principalId: string): Promise<Proxy | undefined> { return proxies.getProxy(this.#ctx, principalId); }

  checkIn(participantId: string): Promise<boolean> { return attendance.checkIn(this.#ctx, participantId); }
  checkOut(participantId: string): Promise<boolean> { return attendance.checkOut(this.#ctx, participantId); }
  isPresent(participantId: string): Promise<boolean> { return attendance.isPresent(this.#ctx, participantId); }
  listAttendance(eventId: string): Promise<AttendanceRow[]> { return attendance.listAttendance(this.#ctx, eventId); }

  castBallot(input: CastBallotInput): Promise<BallotReceipt> { return ballots.castBallot(this.#ctx, input); }
  verifyReceipt(receipt: string): Promise<ReceiptCheck> { return ballots.verifyReceipt(this.#ctx, receipt); }
  hasVoted(pollId: string, principalId: string): Promise<boolean> { return ballots.hasVoted(this.#ctx, pollId, principalId); }
  listEntitlements(pollId: string, voterId: string): Promise<Entitlement[]> { return ballots.listEntitlements(this.#ctx, pollId, voterId); }
  tallyPoll(pollId: string): Promise<PollResult> { return ballots.tallyPoll(this.#ctx, pollId); }
  listNamedBallots(pollId: string): Promise<NamedBallot[]> { return ballots.listNamedBallots(this.#ctx, pollId); }
  listResults(eventId: string): Promise<PollResult[]> { return ballots.listResults(this.#ctx, eventId); }

  appendAudit(entry: NewAuditEntry): Promise<AuditEntry> { return audit.appendAudit(this.#ctx, entry); }
  listAudit(eventId: string, query?: AuditQuery): Promise<AuditEntry[]> { return audit.listAudit(this.#ctx, eventId, query); }

  exportEvent(eventId: string): Promise<EventExport> { return exportEvent(this.#ctx, eventId); }
  attendanceOverTime(eventId: string, bucketSeconds: number, since?: Date): Promise<AttendancePoint[]> { return dashboard.attendanceOverTime(this.#ctx, eventId, bucketSeconds, since); }
  presentBy(eventId: string, key: "group" | "region"): Promise<PresentByKey[]> { return dashboard.presentBy(this.#ctx, eventId, key); }
  ballotsPerMinute(pollId: string, since?: Date): Promise<BallotsPerMinute[]> { return dashboard.ballotsPerMinute(this.#ctx, pollId, since); }
  openPollTurnout(eventId: string): Promise<OpenPollTurnout[]> { return dashboard.openPollTurnout(this.#ctx, eventId); }
  topActivity(eventId: string, limit?: number): Promise<TopActivity> { return dashboard.topActivity(this.#ctx, eventId, limit); }
}
