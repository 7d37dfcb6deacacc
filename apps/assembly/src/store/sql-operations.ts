import { SqlAdminSessions, SqlAdmins, SqlRoles } from "./admins-repo.ts";
import { SqlAgenda, SqlAnnouncements } from "./agenda-repo.ts";
import { SqlAttendance } from "./attendance-repo.ts";
import { SqlAudit } from "./audit-repo.ts";
import { SqlBallotReads } from "./ballots-repo.ts";
import type { StoreContext } from "./context.ts";
import { SqlReports } from "./dashboard-queries.ts";
import { SqlElections } from "./elections-repo.ts";
import { SqlEvents } from "./events-repo.ts";
import { SqlInvitations } from "./invitations-repo.ts";
import { SqlMail } from "./mail-outbox-repo.ts";
import { SqlPaperVotes } from "./paper-votes-repo.ts";
import { SqlMotions } from "./motions-repo.ts";
import { SqlParticipants } from "./participants-repo.ts";
import { SqlPolls } from "./polls-repo.ts";
import { SqlProxies } from "./proxies-repo.ts";
import { SqlSso } from "./sso-repo.ts";
import { SqlRecords } from "./records-repo.ts";
import { SqlSpeakers } from "./speakers-repo.ts";
import { SqlProjectors } from "./projectors-repo.ts";
import type {
  AdminSessionsRepository,
  AdminsRepository,
  AgendaRepository,
  AnnouncementsRepository,
  AttendanceRepository,
  AuditRepository,
  BallotReads,
  ElectionsRepository,
  EventsRepository,
  InvitationsRepository,
  MailRepository,
  PaperVotesRepository,
  MotionsRepository,
  ParticipantsRepository,
  PollsRepository,
  ProjectorsRepository,
  ProxiesRepository,
  RecordsRepository,
  ReportQueries,
  RolesRepository,
  SsoRepository,
  SpeakersRepository,
  StoreOperations,
} from "./store.ts";

/**
 * `StoreOperations` over Kysely: one repository per aggregate, each handing
 * the context to its SQL. The context comes from a function so the store can
 * refuse calls after close and a transaction can bind its own.
 */
export class SqlOperations implements StoreOperations {
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
  readonly ballots: BallotReads;
  readonly mail: MailRepository;
  readonly sso: SsoRepository;
  readonly records: RecordsRepository;
  readonly paper: PaperVotesRepository;
  readonly motions: MotionsRepository;
  readonly speakers: SpeakersRepository;
  readonly projectors: ProjectorsRepository;

  constructor(context: () => StoreContext) {
    this.events = new SqlEvents(context);
    this.agenda = new SqlAgenda(context);
    this.announcements = new SqlAnnouncements(context);
    this.invitations = new SqlInvitations(context);
    this.admins = new SqlAdmins(context);
    this.roles = new SqlRoles(context);
    this.sessions = new SqlAdminSessions(context);
    this.proxies = new SqlProxies(context);
    this.attendance = new SqlAttendance(context);
    this.audit = new SqlAudit(context);
    this.reports = new SqlReports(context);
    this.participants = new SqlParticipants(context);
    this.polls = new SqlPolls(context);
    this.elections = new SqlElections(context);
    this.ballots = new SqlBallotReads(context);
    this.mail = new SqlMail(context);
    this.sso = new SqlSso(context);
    this.records = new SqlRecords(context);
    this.paper = new SqlPaperVotes(context);
    this.motions = new SqlMotions(context);
    this.speakers = new SqlSpeakers(context);
    this.projectors = new SqlProjectors(context);
  }
}
