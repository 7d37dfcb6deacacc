import type { AnalogCounts } from "../domain/analog-counts.ts";
import type { Poll } from "../domain/poll.ts";
import type { PaperVotes } from "../domain/paper-votes.ts";
import type { Total } from "../domain/tally.ts";
import type { Executor } from "./context.ts";
import { parseChoice } from "./rows.ts";

/**
 * Reading a poll's paper votes (see domain/paper-votes.ts). Named paper
 * voters are "has voted" rows marked `paper`, so the primary key that keeps
 * one ballot per principal online keeps it across online and paper too.
 */

async function voterTotal(db: Executor, pollId: string, paper: 0 | 1): Promise<Total> {
  const row = await db
    .selectFrom("poll_voters")
    .select((eb) => [eb.fn.countAll<number>().as("count"), eb.fn.sum<number>("weight").as("weight")])
    .where("poll_id", "=", pollId)
    .where("paper", "=", paper)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), weight: Number(row.weight ?? 0) };
}

/** Ballots cast online: the "has voted" rows that are not paper. */
export const onlineVoters = (db: Executor, pollId: string): Promise<Total> => voterTotal(db, pollId, 0);

export async function loadPaperCounts(db: Executor, pollId: string): Promise<AnalogCounts | null> {
  const row = await db.selectFrom("paper_counts").select("counts").where("poll_id", "=", pollId).executeTakeFirst();
  return row === undefined ? null : (JSON.parse(row.counts) as AnalogCounts);
}

export async function loadPaperVotes(db: Executor, poll: Pick<Poll, "id" | "secret">): Promise<PaperVotes> {
  const ballots = poll.secret
    ? []
    : await db.selectFrom("paper_ballots").select(["choice", "weight"]).where("poll_id", "=", poll.id).execute();
  return {
    counts: await loadPaperCounts(db, poll.id),
    ballots: ballots.map((row) => ({ choice: parseChoice(row.choice), weight: row.weight })),
    namedVoters: await voterTotal(db, poll.id, 1),
  };
}
