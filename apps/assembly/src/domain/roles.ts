/** An admin user's role in one event. Roles are per event: one user may chair one event and observe another. */
export type AdminRole = "owner" | "chair" | "observer";

export const adminRoles: readonly AdminRole[] = ["owner", "chair", "observer"];

/** Everything an admin can do to an event; the HTTP layer checks one of these on every admin route. */
export type AdminAction =
  | "event.view"
  | "event.update"
  | "event.status"
  | "roles.manage"
  | "agenda.edit"
  | "announcement.publish"
  | "participants.view"
  | "participants.manage"
  | "invitations.manage"
  | "attendance.manage"
  | "proxies.manage"
  | "polls.manage"
  | "polls.run"
  | "motions.manage"
  | "speakers.run"
  | "projectors.run"
  | "results.view"
  | "audit.view"
  | "export";

/**
 * Owners do everything; chairs run the day (agenda, announcements, people,
 * polls, opening and closing the event) but change neither settings nor
 * roles; observers only read.
 */
/** Chairs run the day; owners may also change the event itself and who runs it. */
const chairActions: readonly AdminAction[] = [
  "event.view",
  "event.status",
  "agenda.edit",
  "announcement.publish",
  "participants.view",
  "participants.manage",
  "invitations.manage",
  "attendance.manage",
  "proxies.manage",
  "polls.manage",
  "polls.run",
  "motions.manage",
  "speakers.run",
  "projectors.run",
  "results.view",
  "audit.view",
  "export",
];

const permissions: Readonly<Record<AdminRole, ReadonlySet<AdminAction>>> = {
  owner: new Set<AdminAction>([...chairActions, "event.update", "roles.manage"]),
  chair: new Set<AdminAction>(chairActions),
  observer: new Set<AdminAction>(["event.view", "participants.view", "results.view", "audit.view"]),
};

/** Whether `role` may perform `action`. `undefined` (no role in the event) may do nothing. */
export function can(role: AdminRole | undefined, action: AdminAction): boolean {
  return role !== undefined && permissions[role].has(action);
}

export function isAdminRole(value: unknown): value is AdminRole {
  return typeof value === "string" && (adminRoles as readonly string[]).includes(value);
}
