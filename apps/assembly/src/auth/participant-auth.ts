import type { Participant } from "../domain/participant.ts";
import type { Store, StoreOperations } from "../store/store.ts";
import { generateToken, hashToken, TOKEN_PATTERN } from "./token.ts";

/**
 * Participant authentication by personal invitation token.
 *
 * The invitation token is the participant's only credential: the session
 * cookie carries the same token, so revoking or re-issuing an invitation
 * ends every session made from the old link at once, on every node, with no
 * session table to keep in sync. The store keeps only the token's SHA-256.
 */
export async function authenticateParticipant(store: Store, token: string | undefined): Promise<Participant | undefined> {
  if (token === undefined || !TOKEN_PATTERN.test(token)) return undefined;
  return store.invitations.findParticipant(hashToken(token));
}

/** Issues a fresh invitation token (revoking the participant's earlier ones) and returns it; it is never retrievable again. */
export async function issueInvitation(store: Pick<StoreOperations, "invitations">, participantId: string): Promise<string> {
  const token = generateToken();
  await store.invitations.issue(participantId, hashToken(token));
  return token;
}
