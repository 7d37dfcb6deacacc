import type { AdminUser } from "../domain/admin.ts";
import type { AssemblyEvent } from "../domain/event.ts";
import type { AdminRole } from "../domain/roles.ts";

/**
 * Who performs a command, whichever edge it arrived through: the HTTP guards
 * make one from a cookie or bearer token, the socket handshake from the same
 * credentials, so a command checks one kind of caller, not two.
 */
export type Actor = AdminActor | ParticipantActor;

export interface AdminActor {
  readonly kind: "admin";
  readonly adminId: string;
}

export interface ParticipantActor {
  readonly kind: "participant";
  readonly participantId: string;
  readonly eventId: string;
}

/** An admin's access to one event, checked for the command's permission before it runs. */
export interface EventAccess {
  readonly admin: AdminUser;
  readonly role: AdminRole;
  readonly event: AssemblyEvent;
}

/** The audit actor name for an admin. */
export const actorOf = (admin: Pick<AdminUser, "id">) => `admin:${admin.id}`;
