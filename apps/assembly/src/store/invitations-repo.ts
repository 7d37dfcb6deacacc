import { DomainError } from "../domain/errors.ts";
import type { Participant } from "../domain/participant.ts";
import { chunks, insertBatchRows, transact, type Executor, type StoreContext } from "./context.ts";
import { requireParticipant } from "./participants-repo.ts";
import { toParticipant } from "./rows.ts";
import { isUniqueViolation } from "./sql-errors.ts";
import type { InvitationEntry, InvitationsRepository, IssueInvitationsOptions } from "./store.ts";

const sha256Hex = /^[0-9a-f]{64}$/;

export function validateTokenHash(tokenHash: string): string {
  if (!sha256Hex.test(tokenHash)) throw new DomainError("invalid", "token hash must be a SHA-256 hex digest", { field: "tokenHash" });
  return tokenHash;
}

const alreadyIssued = () => new DomainError("conflict", "token hash already issued");

export async function issueInvitation(ctx: StoreContext, participantId: string, tokenHash: string): Promise<void> {
  await issueInvitations(ctx, [{ participantId, tokenHash }]);
}

/** Which of `ids` match a row of `query`'s batch: for existence checks over thousands of ids. */
async function matching(ids: readonly string[], query: (batch: string[]) => Promise<{ id: string }[]>): Promise<Set<string>> {
  const found = new Set<string>();
  for (const batch of chunks(ids, insertBatchRows)) for (const row of await query(batch)) found.add(row.id);
  return found;
}

const knownParticipants = (trx: Executor, ids: readonly string[]) =>
  matching(ids, (batch) => trx.selectFrom("participants").select("id").where("id", "in", batch).execute());

const activelyInvited = (trx: Executor, ids: readonly string[]) =>
  matching(ids, (batch) =>
    trx
      .selectFrom("invitations")
      .select("participant_id as id")
      .where("participant_id", "in", batch)
      .where("revoked_at", "is", null)
      .execute(),
  );

/**
 * Issues in one transaction, with a few statements per 500 entries, so that
 * 20,000 links cost one commit. A participant listed twice ends with only
 * their last entry active, as if issued one after the other.
 */
export async function issueInvitations(
  ctx: StoreContext,
  entries: readonly InvitationEntry[],
  options: IssueInvitationsOptions = {},
): Promise<string[]> {
  const hashes = new Set<string>();
  for (const { tokenHash } of entries) {
    if (hashes.has(validateTokenHash(tokenHash))) throw alreadyIssued();
    hashes.add(tokenHash);
  }
  const ids = [...new Set(entries.map((entry) => entry.participantId))];
  try {
    return await transact(ctx, async (trx) => {
      const known = await knownParticipants(trx, ids);
      const unknown = ids.find((id) => !known.has(id));
      if (unknown !== undefined) throw new DomainError("not_found", "participant not found", { participantId: unknown });
      const invited = options.skipInvited ? await activelyInvited(trx, ids) : new Set<string>();
      const issued = ids.filter((id) => !invited.has(id));
      const now = ctx.now();
      for (const batch of options.keepEarlier ? [] : chunks(issued, insertBatchRows)) {
        await trx
          .updateTable("invitations")
          .set({ revoked_at: now })
          .where("participant_id", "in", batch)
          .where("revoked_at", "is", null)
          .execute();
      }
      const last = new Map(entries.map((entry, index) => [entry.participantId, index]));
      const rows = entries.flatMap((entry, index) =>
        invited.has(entry.participantId)
          ? []
          : [
              {
                token_hash: entry.tokenHash,
                participant_id: entry.participantId,
                created_at: now,
                revoked_at: last.get(entry.participantId) === index ? null : now,
              },
            ],
      );
      for (const batch of chunks(rows, insertBatchRows)) await trx.insertInto("invitations").values(batch).execute();
      return issued;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyIssued();
    throw error;
  }
}

export async function revokeInvitations(ctx: StoreContext, participantId: string): Promise<void> {
  await requireParticipant(ctx.db, participantId);
  await ctx.db
    .updateTable("invitations")
    .set({ revoked_at: ctx.now() })
    .where("participant_id", "=", participantId)
    .where("revoked_at", "is", null)
    .execute();
}

export async function findParticipantByInvitation(ctx: StoreContext, tokenHash: string): Promise<Participant | undefined> {
  return (await findParticipantsByInvitations(ctx, [tokenHash])).get(tokenHash);
}

/** `findParticipantByInvitation` (`invitations.findParticipant`) for many hashes in one query (at most `insertBatchRows` of them), by hash. */
export async function findParticipantsByInvitations(ctx: StoreContext, tokenHashes: readonly string[]): Promise<Map<string, Participant>> {
  const valid = tokenHashes.filter((hash) => sha256Hex.test(hash));
  if (valid.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom("invitations")
    .innerJoin("participants", "participants.id", "invitations.participant_id")
    .selectAll("participants")
    .select("invitations.token_hash")
    .where("invitations.token_hash", "in", valid)
    .where("invitations.revoked_at", "is", null)
    .execute();
  return new Map(rows.map((row) => [row.token_hash, toParticipant(row)]));
}

/** Notes that a participant opened their link (exchanged the token): the first time only. */
async function recordInvitationUse(ctx: StoreContext, tokenHash: string): Promise<void> {
  if (!sha256Hex.test(tokenHash)) return;
  await ctx.db
    .updateTable("invitations")
    .set({ first_used_at: ctx.now() })
    .where("token_hash", "=", tokenHash)
    .where("first_used_at", "is", null)
    .execute();
}

async function invitationAccess(ctx: StoreContext, participantId: string): Promise<"active" | "revoked" | "none"> {
  const row = await ctx.db
    .selectFrom("invitations")
    .select([(eb) => eb.fn.countAll<number | string>().as("links"), (eb) => eb.fn.count<number | string>("revoked_at").as("revoked")])
    .where("participant_id", "=", participantId)
    .executeTakeFirstOrThrow();
  const links = Number(row.links);
  if (links === 0) return "none";
  return Number(row.revoked) === links ? "revoked" : "active";
}

async function countInvited(ctx: StoreContext, eventId: string): Promise<number> {
  const row = await ctx.db
    .selectFrom("participants")
    .where("event_id", "=", eventId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("invitations")
          .select("token_hash")
          .whereRef("invitations.participant_id", "=", "participants.id")
          .where("invitations.revoked_at", "is", null),
      ),
    )
    .select((eb) => eb.fn.countAll<number | string>().as("invited"))
    .executeTakeFirstOrThrow();
  return Number(row.invited);
}

/** `InvitationsRepository` over the store's context (the connection, or a transaction's). */
export class SqlInvitations implements InvitationsRepository {
  readonly #ctx: () => StoreContext;
  readonly #lookup: ((tokenHash: string) => Promise<Participant | undefined>) | undefined;

  /** `lookup`, when given, answers `findParticipant` (the store batches a burst's sign-ins). */
  constructor(context: () => StoreContext, lookup?: (tokenHash: string) => Promise<Participant | undefined>) {
    this.#ctx = context;
    this.#lookup = lookup;
  }

  async issue(participantId: string, tokenHash: string): Promise<void> {
    return issueInvitation(this.#ctx(), participantId, tokenHash);
  }
  async issueMany(entries: readonly InvitationEntry[], options?: IssueInvitationsOptions): Promise<string[]> {
    return issueInvitations(this.#ctx(), entries, options);
  }
  async revoke(participantId: string): Promise<void> {
    return revokeInvitations(this.#ctx(), participantId);
  }
  async recordUse(tokenHash: string): Promise<void> {
    return recordInvitationUse(this.#ctx(), tokenHash);
  }
  async findParticipant(tokenHash: string): Promise<Participant | undefined> {
    return this.#lookup ? this.#lookup(tokenHash) : findParticipantByInvitation(this.#ctx(), tokenHash);
  }
  async access(participantId: string): Promise<"active" | "revoked" | "none"> {
    return invitationAccess(this.#ctx(), participantId);
  }
  async countInvited(eventId: string): Promise<number> {
    return countInvited(this.#ctx(), eventId);
  }
}
