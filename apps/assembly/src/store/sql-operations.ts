import type { AdminSession, AdminUser, EventRoleGrant } from "../domain/admin.ts";
import type { AgendaItem, Announcement } from "../domain/agenda.ts";
import type { AuditEntry, NewAuditEntry } from "../domain/audit.ts";
import type { AssemblyEvent, EventStatus } from "../domain/event.ts";
import type { Participant } from "../domain/participant.ts";
import type { Proxy } from "../domain/proxy.ts";
import type { AdminRole } from "../domain/roles.ts";
import * as admins from "./admins-repo.ts";
import * as agenda from "./agenda-repo.ts";
import * as attendance from "./attendance-repo.ts";
import * as audit from "./audit-repo.ts";
import { SqlBallotReads } from "./ballots-repo.ts";
import type { StoreContext } from "./context.ts";
import * as dashboard from "./dashboard-queries.ts";
import { exportEvent } from "./event-export.ts";
import * as events from "./events-repo.ts";
import * as invitations from "./invitations-repo.ts";
import { SqlParticipants } from "./participants-repo.ts";
import { SqlPolls } from "./polls-repo.ts";
import * as proxies from "./proxies-repo.ts";
import type {
  AgendaItemPatch,
  AttendancePoint,
  AttendanceRow,
  AuditQuery,
  BallotsPerMinute,
  EventExport,
  EventPatch,
  InvitationEntry,
  IssueInvitationsOptions,
  NewAdminUser,
  NewAgendaItem,
  NewAnnouncement,
  NewEvent,
  OpenPollTurnout,
  PresentByKey,
  StoreOperations,
  BallotReads,
  ParticipantsRepository,
  PollsRepository,
  TopActivity,
} from "./store.ts";

/**
 * `StoreOperations` over Kysely: each method hands the context to its
 * repository function. The context comes from a function so the store can
 * refuse calls after close and a transaction can bind its own.
 */
export class SqlOperations implements StoreOperations {
  readonly #ctx: () => StoreContext;
  readonly participants: ParticipantsRepository;
  readonly polls: PollsRepository;
  readonly ballots: BallotReads;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
    this.participants = new SqlParticipants(context);
    this.polls = new SqlPolls(context);
    this.ballots = new SqlBallotReads(context);
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
