import { DomainError } from "../domain/errors.ts";
import type { Participant } from "../domain/participant.ts";
import type { StoreContext } from "./context.ts";
import { requireParticipant } from "./participants-repo.ts";
import { toParticipant } from "./rows.ts";
import { isUniqueViolation } from "./sql-errors.ts";

const sha256Hex = /^[0-9a-f]{64}$/;

export function validateTokenHash(tokenHash: string): string {
  if (!sha256Hex.test(tokenHash)) throw new DomainError("invalid", "token hash must be a SHA-256 hex digest", { field: "tokenHash" });
  return tokenHash;
}

export async function issueInvitation(ctx: StoreContext, participantId: string, tokenHash: string): Promise<void> {
  validateTokenHash(tokenHash);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await requireParticipant(trx, participantId);
      const now = ctx.now();
      await trx.updateTable("invitations").set({ revoked_at: now }).where("participant_id", "=", participantId).where("revoked_at", "is", null).execute();
      await trx.insertInto("invitations").values({ token_hash: tokenHash, participant_id: participantId, created_at: now, revoked_at: null }).execute();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("conflict", "token hash already issued");
    throw error;
  }
}

export async function revokeInvitations(ctx: StoreContext, participantId: string): Promise<void> {
  await requireParticipant(ctx.db, participantId);
  await ctx.db.updateTable("invitations").set({ revoked_at: ctx.now() }).where("participant_id", "=", participantId).where("revoked_at", "is", null).execute();
}

export async function findParticipantByInvitation(ctx: StoreContext, tokenHash: string): Promise<Participant | undefined> {
  if (!sha256Hex.test(tokenHash)) return undefined;
  const row = await ctx.db
    .selectFrom("invitations")
    .innerJoin("participants", "participants.id", "invitations.participant_id")
    .selectAll("participants")
    .where("invitations.token_hash", "=", tokenHash)
    .where("invitations.revoked_at", "is", null)
    .executeTakeFirst();
  return row === undefined ? undefined : toParticipant(row);
}
