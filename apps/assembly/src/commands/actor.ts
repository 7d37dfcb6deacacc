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
