import type { Updateable } from "kysely";
import type { ElectionBallot } from "../domain/election/ballot.ts";
import type { ElectionDefinition } from "../domain/election/definition.ts";
import type { Poll } from "../domain/poll.ts";
import { unlockElection } from "./ballot-box.ts";
import { chunks, insertBatchRows, type Executor, type StoreContext } from "./context.ts";
import type { PollsTable } from "./schema.ts";
import { forgetSealed, readLock, requireAllSealed } from "./secret-ballots.ts";

/**
 * Secret elections close like secret polls (see secret-ballots.ts), but a
 * ranked count needs every ballot's content, not totals per option: the
 * opened ballots are grouped by what they say, one row per distinct ballot
 * with how many said it and their weight. Nothing of a group names a voter;
 * a plain ballot's group holds its choice without its weight, a split's its
 * parts (whose weights it needs to be counted).
 */

/** The key that groups a ballot: its choice alone, or its parts. */
function groupKey(ballot: ElectionBallot): string {
  return "parts" in ballot ? JSON.stringify({ parts: ballot.parts }) : JSON.stringify({ choice: ballot.choice });
}

export async function closeSecretElection(ctx: StoreContext, trx: Executor, poll: Poll): Promise<Updateable<PollsTable>> {
  const row = await trx.selectFrom("elections").select("definition").where("poll_id", "=", poll.id).executeTakeFirstOrThrow();
  const election = row.definition === null ? null : (JSON.parse(row.definition) as ElectionDefinition);
  const seal = unlockElection(ctx, poll.id, election, await readLock(trx, poll.id));
  const sealed = await trx.selectFrom("sealed_ballots").select("sealed").where("poll_id", "=", poll.id).execute();
  const groups = new Map<string, { ballots: number; weight: number }>();
  let weight = 0;
  for (const { sealed: text } of sealed) {
    const ballot = seal.unseal(text);
    const key = groupKey(ballot);
    const group = groups.get(key) ?? { ballots: 0, weight: 0 };
    groups.set(key, { ballots: group.ballots + 1, weight: group.weight + ballot.weight });
    weight += ballot.weight;
  }
  await requireAllSealed(trx, poll.id, { count: sealed.length, weight });
  const rows = [...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([ballot, group]) => ({ poll_id: poll.id, ballot, ...group }));
  for (const batch of chunks(rows, insertBatchRows)) await trx.insertInto("election_totals").values(batch).execute();
  return forgetSealed(ctx, trx, poll.id);
}

/** One group of a closed secret election: a ballot as stored (without weight), how many said it, their weight. */
export interface BallotGroup {
  readonly ballot: string;
  readonly ballots: number;
  readonly weight: number;
}

/**
 * The ballots a group stands for, as the count takes them. A split's ballots
 * all carry the parts' weight; plain ballots of one choice count only by
 * their summed weight (a ballot of weight w counts as w ballots of weight 1),
 * so the group's weight is spread over its ballots as evenly as integers
 * allow (never above the heaviest original): the number of ballots and every
 * total come out as counted from the originals.
 */
export function ballotsOfGroup(group: BallotGroup): ElectionBallot[] {
  const content = JSON.parse(group.ballot) as object;
  const share = Math.floor(group.weight / group.ballots);
  const heavier = group.weight - share * group.ballots;
  return Array.from(
    { length: group.ballots },
    (_, index) => ({ weight: index < heavier ? share + 1 : share, ...content }) as ElectionBallot,
  );
}
