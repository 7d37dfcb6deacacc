import { addTotals, noVotes, validateAnalogCounts, type AnalogCounts } from "./analog-counts.ts";
import { validateChoice, type BallotChoice, type CountedBallot } from "./ballot.ts";
import { DomainError } from "./errors.ts";
import type { Poll, PollDefinition, PollStatus } from "./poll.ts";
import { sumBallots, tallyTotals, type BallotTotals, type TalliedPoll, type Tally, type TallyPart, type Total } from "./tally.ts";

/**
 * Paper votes in a poll: delegates in the hall who vote on paper (when the
 * network fails a full room). Two kinds of entry, both by a chair:
 *
 * - Paper counts (`AnalogCounts`): the tellers' totals per option, plus
 *   abstentions and invalid ballots, for a stated number of paper voters and
 *   their weight. One per poll; entering it again replaces it (a correction).
 * - Named paper voters: a participant of the roll who voted on paper. From
 *   then on no ballot can be cast for them online (directly or by proxy), and
 *   one cast online refuses naming them: one ballot per principal across both.
 *   In a named poll the entry carries their choice and counts with their
 *   weight on top of the paper counts; in a secret poll it records only that
 *   they voted on paper, and their ballot is among the paper counts, which
 *   must then cover every named paper voter.
 *
 * Window: named paper voters while the poll is open or closed; paper counts
 * only once it closed (the tellers count after voting ends, and the online
 * turnout they are checked against is final then). Nothing after publishing.
 *
 * Online and paper ballots together never exceed the electorate frozen at
 * opening, in count or weight. The result is the exact integer sum of both
 * parts, counted by the same rules as online ballots; invalid paper ballots
 * are part of turnout (and quorum), never of the base.
 */
export interface PaperVotes {
  readonly counts: AnalogCounts | null;
  /** Named paper voters whose ballot counts by itself (named polls: each with their choice); none in a secret poll. */
  readonly ballots: readonly CountedBallot[];
  /** Every named paper voter, in both kinds of poll. */
  readonly namedVoters: Total;
}

export type PaperEntry = "counts" | "voters";

const window: Readonly<Record<PaperEntry, readonly PollStatus[]>> = {
  counts: ["closed"],
  voters: ["open", "closed"],
};

/** Refuses a paper entry outside its window (see `PaperVotes`). */
export function checkPaperWindow(status: PollStatus, entry: PaperEntry): void {
  if (!window[entry].includes(status)) {
    throw new DomainError(
      "paper_window_closed",
      entry === "counts"
        ? "paper counts can be entered once the poll is closed and until it is published"
        : "paper voters can be named while the poll is open or closed, until it is published",
      { status, entry },
    );
  }
}

/** The poll's hand counts checked against its kind, options and bounds (see `validateAnalogCounts`). */
export function validatePaperCounts(poll: PollDefinition, counts: AnalogCounts): AnalogCounts {
  return validateAnalogCounts(
    {
      choices: poll.options.map((option) => option.id),
      minChoices: poll.minChoices,
      maxChoices: poll.maxChoices,
      allowAbstain: poll.allowAbstain,
    },
    counts,
  );
}

/** A named paper voter's choice: required in a named poll, refused in a secret one (it would link them to it). */
export function validatePaperChoice(poll: PollDefinition, choice: BallotChoice | null): BallotChoice | null {
  if (poll.secret) {
    if (choice !== null) {
      throw new DomainError(
        "secret_poll",
        "a secret poll records only that a named paper voter voted; count their ballot in the paper counts",
        {
          field: "choice",
        },
      );
    }
    return null;
  }
  if (choice === null) throw new DomainError("invalid", "a named poll records the paper voter's choice", { field: "choice" });
  return validateChoice(poll, choice);
}

/** Who voted on paper, counted once: the paper counts' voters, plus in a named poll the named paper ballots. */
export function paperVoters(poll: Pick<Poll, "secret">, paper: PaperVotes): Total {
  const counted = paper.counts?.voters ?? noVotes;
  if (poll.secret) return paper.counts === null ? paper.namedVoters : counted;
  return addTotals(counted, paper.namedVoters);
}

/**
 * Refuses paper votes that cannot be right: with the online ballots (`online`,
 * the poll's "has voted" records cast online) more voters or weight than the
 * electorate frozen at opening; in a secret poll, paper counts that leave a
 * named paper voter out.
 */
export function checkPaperVotes(poll: Pick<Poll, "secret" | "eligibleCount" | "eligibleWeight">, online: Total, paper: PaperVotes): void {
  if (poll.secret && paper.counts !== null) {
    const { voters } = paper.counts;
    if (paper.namedVoters.count > voters.count || paper.namedVoters.weight > voters.weight) {
      throw new DomainError(
        "paper_counts_inconsistent",
        `the paper counts (${voters.count} voters, weight ${voters.weight}) must include the ${paper.namedVoters.count} named paper voter(s) (weight ${paper.namedVoters.weight})`,
        { field: "voters" },
      );
    }
  }
  checkWithinElectorate(poll, online, paperVoters(poll, paper));
}

/** Refuses online and paper voters that together exceed the electorate frozen at opening, in count or weight. */
export function checkWithinElectorate(poll: Pick<Poll, "eligibleCount" | "eligibleWeight">, online: Total, paper: Total): void {
  if (poll.eligibleCount === null || poll.eligibleWeight === null) return;
  const total = addTotals(online, paper);
  if (total.count > poll.eligibleCount || total.weight > poll.eligibleWeight) {
    throw new DomainError(
      "paper_exceeds_eligible",
      `online and paper ballots together (${total.count}, weight ${total.weight}) exceed the electorate frozen at opening (${poll.eligibleCount}, weight ${poll.eligibleWeight})`,
      { total, eligible: { count: poll.eligibleCount, weight: poll.eligibleWeight } },
    );
  }
}

/** Whether the poll may be published: a secret poll with named paper voters needs the paper counts their ballots are in. */
export function checkPaperComplete(poll: Pick<Poll, "secret">, paper: PaperVotes): void {
  if (poll.secret && paper.counts === null && paper.namedVoters.count > 0) {
    throw new DomainError("paper_counts_missing", "named paper voters' ballots are not counted yet: enter the paper counts first", {
      namedVoters: paper.namedVoters,
    });
  }
}

function countsTotals(poll: Pick<PollDefinition, "options">, counts: AnalogCounts): BallotTotals {
  const byChoice = new Map(counts.choices.map((entry) => [entry.choice, { count: entry.count, weight: entry.weight }]));
  return {
    options: new Map(poll.options.map((option) => [option.id, byChoice.get(option.id) ?? noVotes])),
    abstentions: counts.abstentions,
    invalid: counts.invalid,
    turnout: counts.voters,
  };
}

/** Adds two sets of totals, option by option; exact as long as each stays a safe integer (weights are bounded per participant). */
export function mergeTotals(poll: Pick<PollDefinition, "options">, a: BallotTotals, b: BallotTotals): BallotTotals {
  const of = (totals: BallotTotals, id: string) => totals.options.get(id) ?? noVotes;
  return {
    options: new Map(poll.options.map((option) => [option.id, addTotals(of(a, option.id), of(b, option.id))])),
    abstentions: addTotals(a.abstentions, b.abstentions),
    invalid: addTotals(a.invalid ?? noVotes, b.invalid ?? noVotes),
    turnout: addTotals(a.turnout, b.turnout),
  };
}

/** The paper part's totals (counts plus named paper ballots), or null when nothing was entered that counts. */
export function paperTotals(poll: Pick<PollDefinition, "options">, paper: PaperVotes): BallotTotals | null {
  if (paper.counts === null && paper.ballots.length === 0) return null;
  const named = sumBallots(poll, paper.ballots);
  return paper.counts === null ? named : mergeTotals(poll, countsTotals(poll, paper.counts), named);
}

function part(poll: Pick<PollDefinition, "options">, totals: BallotTotals): TallyPart {
  return {
    options: poll.options.map((option) => ({ optionId: option.id, ...(totals.options.get(option.id) ?? noVotes) })),
    abstentions: totals.abstentions,
    invalid: totals.invalid ?? noVotes,
    turnout: totals.turnout,
  };
}

/**
 * The result of online and paper ballots together: counted from their sum,
 * exactly as if every ballot had come online, with each part shown apart.
 * Without a paper part it is the plain online tally.
 */
export function tallyWithPaper(poll: TalliedPoll, online: BallotTotals, paper: BallotTotals | null): Tally {
  if (paper === null) return tallyTotals(poll, online);
  return { ...tallyTotals(poll, mergeTotals(poll, online, paper)), parts: { online: part(poll, online), paper: part(poll, paper) } };
}
