import type { AdminSession, AdminUser, EventRoleGrant } from "../domain/admin.ts";
import type { AgendaItem, Announcement } from "../domain/agenda.ts";
import type { AuditEntry, NewAuditEntry } from "../domain/audit.ts";
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
import { exportEvent } from "./event-export.ts";
import * as events from "./events-repo.ts";
import * as invitations from "./invitations-repo.ts";
import * as mail from "./mail-outbox-repo.ts";
import { getMailTemplate, saveMailTemplate } from "./mail-templates-repo.ts";
import type { MailPage } from "../api/routes/mail.ts";
import type { MailAudience, MailCounts, MailKind } from "../domain/mail.ts";
import type { MailTemplate } from "../domain/mail-template.ts";
import * as participants from "./participants-repo.ts";
import * as polls from "./polls-repo.ts";
import * as proxies from "./proxies-repo.ts";
import type { Entitlement, ReceiptCheck } from "../api/routes/ballots.ts";
import type {
  AgendaItemPatch,
  AttendancePoint,
  AttendanceRow,
  AuditQuery,
  BallotsPerMinute,
  ClaimedMail,
  MailQuery,
  MailSettlement,
  EventExport,
  EventPatch,
  InvitationEntry,
  IssueInvitationsOptions,
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
  StoreOperations,
  TopActivity,
} from "./store.ts";

/**
 * `StoreOperations` over Kysely: each method hands the context to its
 * repository function. The context comes from a function so the store can
 * refuse calls after close and a transaction can bind its own.
 */
export class SqlOperations implements StoreOperations {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async createEvent(input: NewEvent): Promise<AssemblyEvent> {
    return events.createEvent(this.#ctx(), input);
  }
  async getEvent(eventId: string): Promise<AssemblyEvent> {
    return events.requireEvent(this.#ctx().db, eventId);
  }
  async listEvents(): Promise<AssemblyEvent[]> {
    return events.listEvents(this.#ctx());
  }
  async updateEvent(eventId: string, patch: EventPatch): Promise<AssemblyEvent> {
    return events.updateEvent(this.#ctx(), eventId, patch);
  }
  async setEventStatus(eventId: string, status: EventStatus): Promise<AssemblyEvent> {
    return events.setEventStatus(this.#ctx(), eventId, status);
  }

  async addAgendaItem(eventId: string, input: NewAgendaItem): Promise<AgendaItem> {
    return agenda.addAgendaItem(this.#ctx(), eventId, input);
  }
  async listAgendaItems(eventId: string): Promise<AgendaItem[]> {
    return agenda.listAgendaItems(this.#ctx(), eventId);
  }
  async getAgendaItem(agendaItemId: string): Promise<AgendaItem> {
    return agenda.requireAgendaItem(this.#ctx().db, agendaItemId);
  }
  async updateAgendaItem(agendaItemId: string, patch: AgendaItemPatch): Promise<AgendaItem> {
    return agenda.updateAgendaItem(this.#ctx(), agendaItemId, patch);
  }
  async moveAgendaItem(agendaItemId: string, position: number): Promise<AgendaItem[]> {
    return agenda.moveAgendaItem(this.#ctx(), agendaItemId, position);
  }
  async deleteAgendaItem(agendaItemId: string): Promise<void> {
    return agenda.deleteAgendaItem(this.#ctx(), agendaItemId);
  }
  async publishAnnouncement(eventId: string, input: NewAnnouncement): Promise<Announcement> {
    return agenda.publishAnnouncement(this.#ctx(), eventId, input);
  }
  async listAnnouncements(eventId: string): Promise<Announcement[]> {
    return agenda.listAnnouncements(this.#ctx(), eventId);
  }

  async addParticipant(eventId: string, input: NewParticipant): Promise<Participant> {
    return participants.addParticipant(this.#ctx(), eventId, input);
  }
  async addParticipants(eventId: string, inputs: readonly NewParticipant[]): Promise<string[]> {
    return participants.addParticipants(this.#ctx(), eventId, inputs);
  }
  async getParticipant(participantId: string): Promise<Participant> {
    return participants.requireParticipant(this.#ctx().db, participantId);
  }
  async findParticipantByEmail(eventId: string, email: string): Promise<Participant | undefined> {
    return participants.findParticipantByEmail(this.#ctx(), eventId, email);
  }
  async updateParticipant(participantId: string, patch: ParticipantPatch): Promise<Participant> {
    return participants.updateParticipant(this.#ctx(), participantId, patch);
  }
  async listParticipants(eventId: string, query?: ParticipantQuery): Promise<ParticipantPage> {
    return participants.listParticipants(this.#ctx(), eventId, query);
  }
  async countParticipants(eventId: string): Promise<ParticipantCounts> {
    return participants.countParticipants(this.#ctx(), eventId);
  }

  async issueInvitation(participantId: string, tokenHash: string): Promise<void> {
    return invitations.issueInvitation(this.#ctx(), participantId, tokenHash);
  }
  async issueInvitations(entries: readonly InvitationEntry[], options?: IssueInvitationsOptions): Promise<string[]> {
    return invitations.issueInvitations(this.#ctx(), entries, options);
  }
  async revokeInvitations(participantId: string): Promise<void> {
    return invitations.revokeInvitations(this.#ctx(), participantId);
  }
  async findParticipantByInvitation(tokenHash: string): Promise<Participant | undefined> {
    return invitations.findParticipantByInvitation(this.#ctx(), tokenHash);
  }

  async recordInvitationUse(tokenHash: string): Promise<void> {
    return invitations.recordInvitationUse(this.#ctx(), tokenHash);
  }

  async getMailTemplate(eventId: string): Promise<MailTemplate> {
    return getMailTemplate(this.#ctx(), eventId);
  }
  async saveMailTemplate(eventId: string, template: MailTemplate): Promise<MailTemplate> {
    return saveMailTemplate(this.#ctx(), eventId, template);
  }
  async queueMail(eventId: string, audience: MailAudience, kind: MailKind): Promise<string[]> {
    return mail.queueMail(this.#ctx(), eventId, audience, kind);
  }
  async requeueMail(eventId: string, mailIds: readonly string[]): Promise<string[]> {
    return mail.requeueMail(this.#ctx(), eventId, mailIds);
  }
  async mailCounts(eventId: string): Promise<MailCounts> {
    return mail.mailCounts(this.#ctx(), eventId);
  }
  async listMail(eventId: string, query?: MailQuery): Promise<MailPage> {
    return mail.listMail(this.#ctx(), eventId, query);
  }
  async claimMail(limit: number): Promise<ClaimedMail[]> {
    return mail.claimMail(this.#ctx(), limit);
  }
  async settleMail(mailId: string, claimId: string, settlement: MailSettlement): Promise<boolean> {
    return mail.settleMail(this.#ctx(), mailId, claimId, settlement);
  }
  async expireMailClaims(claimedBefore: number): Promise<string[]> {
    return mail.expireMailClaims(this.#ctx(), claimedBefore);
  }

  async createAdminUser(input: NewAdminUser): Promise<AdminUser> {
    return admins.createAdminUser(this.#ctx(), input);
  }
  async getAdminUser(adminId: string): Promise<AdminUser> {
    return admins.getAdminUser(this.#ctx(), adminId);
  }
  async findAdminUserByEmail(email: string): Promise<AdminUser | undefined> {
    return admins.findAdminUserByEmail(this.#ctx(), email);
  }
  async setAdminPassword(adminId: string, passwordHash: string): Promise<void> {
    return admins.setAdminPassword(this.#ctx(), adminId, passwordHash);
  }
  async grantRole(eventId: string, adminId: string, role: AdminRole): Promise<EventRoleGrant> {
    return admins.grantRole(this.#ctx(), eventId, adminId, role);
  }
  async revokeRole(eventId: string, adminId: string): Promise<void> {
    return admins.revokeRole(this.#ctx(), eventId, adminId);
  }
  async getRole(eventId: string, adminId: string): Promise<AdminRole | undefined> {
    return admins.getRole(this.#ctx(), eventId, adminId);
  }
  async listRoles(eventId: string): Promise<EventRoleGrant[]> {
    return admins.listRoles(this.#ctx(), eventId);
  }
  async listEventsForAdmin(adminId: string): Promise<{ event: AssemblyEvent; role: AdminRole }[]> {
    return admins.listEventsForAdmin(this.#ctx(), adminId);
  }
  async createAdminSession(tokenHash: string, adminId: string, expiresAt: Date): Promise<void> {
    return admins.createAdminSession(this.#ctx(), tokenHash, adminId, expiresAt);
  }
  async findAdminSession(tokenHash: string): Promise<AdminSession | undefined> {
    return admins.findAdminSession(this.#ctx(), tokenHash);
  }
  async deleteAdminSession(tokenHash: string): Promise<void> {
    return admins.deleteAdminSession(this.#ctx(), tokenHash);
  }
  async deleteAdminSessions(adminId: string, except?: string): Promise<number> {
    return admins.deleteAdminSessions(this.#ctx(), adminId, except);
  }
  async deleteExpiredAdminSessions(): Promise<number> {
    return admins.deleteExpiredAdminSessions(this.#ctx());
  }

  async createPoll(eventId: string, input: NewPoll): Promise<Poll> {
    return polls.createPoll(this.#ctx(), eventId, input);
  }
  async getPoll(pollId: string): Promise<Poll> {
    return polls.requirePoll(this.#ctx(), this.#ctx().db, pollId);
  }
  async listPolls(eventId: string, agendaItemId?: string): Promise<Poll[]> {
    return polls.listPolls(this.#ctx(), eventId, agendaItemId);
  }
  async updatePoll(pollId: string, patch: PollPatch): Promise<Poll> {
    return polls.updatePoll(this.#ctx(), pollId, patch);
  }
  async deletePoll(pollId: string): Promise<void> {
    return polls.deletePoll(this.#ctx(), pollId);
  }
  async setPollStatus(pollId: string, status: PollStatus): Promise<Poll> {
    return polls.setPollStatus(this.#ctx(), pollId, status);
  }

  async grantProxy(principalId: string, delegateId: string): Promise<Proxy> {
    return proxies.grantProxy(this.#ctx(), principalId, delegateId);
  }
  async revokeProxy(principalId: string): Promise<void> {
    return proxies.revokeProxy(this.#ctx(), principalId);
  }
  async listProxies(eventId: string): Promise<Proxy[]> {
    return proxies.listProxies(this.#ctx(), eventId);
  }
  async getProxy(principalId: string): Promise<Proxy | undefined> {
    return proxies.getProxy(this.#ctx(), principalId);
  }

  async checkIn(participantId: string): Promise<boolean> {
    return attendance.checkIn(this.#ctx(), participantId);
  }
  async checkOut(participantId: string): Promise<boolean> {
    return attendance.checkOut(this.#ctx(), participantId);
  }
  async isPresent(participantId: string): Promise<boolean> {
    return attendance.isPresent(this.#ctx(), participantId);
  }
  async listAttendance(eventId: string): Promise<AttendanceRow[]> {
    return attendance.listAttendance(this.#ctx(), eventId);
  }

  async verifyReceipt(receipt: string): Promise<ReceiptCheck> {
    return ballots.verifyReceipt(this.#ctx(), receipt);
  }
  async hasVoted(pollId: string, principalId: string): Promise<boolean> {
    return ballots.hasVoted(this.#ctx(), pollId, principalId);
  }
  async listEntitlements(pollId: string, voterId: string): Promise<Entitlement[]> {
    return ballots.listEntitlements(this.#ctx(), pollId, voterId);
  }
  async tallyPoll(pollId: string): Promise<PollResult> {
    return ballots.tallyPoll(this.#ctx(), pollId);
  }
  async listNamedBallots(pollId: string): Promise<NamedBallot[]> {
    return ballots.listNamedBallots(this.#ctx(), pollId);
  }
  async listResults(eventId: string): Promise<PollResult[]> {
    return ballots.listResults(this.#ctx(), eventId);
  }

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return audit.appendAudit(this.#ctx(), entry);
  }
  async listAudit(eventId: string, query?: AuditQuery): Promise<AuditEntry[]> {
    return audit.listAudit(this.#ctx(), eventId, query);
  }

  async exportEvent(eventId: string): Promise<EventExport> {
    return exportEvent(this.#ctx(), eventId);
  }
  async attendanceOverTime(eventId: string, bucketSeconds: number, since?: Date): Promise<AttendancePoint[]> {
    return dashboard.attendanceOverTime(this.#ctx(), eventId, bucketSeconds, since);
  }
  async presentBy(eventId: string, key: "group" | "region"): Promise<PresentByKey[]> {
    return dashboard.presentBy(this.#ctx(), eventId, key);
  }
  async ballotsPerMinute(pollId: string, since?: Date): Promise<BallotsPerMinute[]> {
    return dashboard.ballotsPerMinute(this.#ctx(), pollId, since);
  }
  async openPollTurnout(eventId: string): Promise<OpenPollTurnout[]> {
    return dashboard.openPollTurnout(this.#ctx(), eventId);
  }
  async topActivity(eventId: string, limit?: number): Promise<TopActivity> {
    return dashboard.topActivity(this.#ctx(), eventId, limit);
  }
}
