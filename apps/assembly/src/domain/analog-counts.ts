import { DomainError } from "./errors.ts";
import type { Total } from "./tally.ts";

/**
 * Paper ballots counted by hand, as the tellers report them: how many people
 * voted on paper and with what weight, and per choice how many ballots named
 * it and with what weight, plus abstentions and invalid ballots. Keyed by
 * choice (a poll's option id, an election's candidate id), so any vote with a
 * fixed list of choices can take one; nothing in it names a person.
 */
export interface AnalogCounts {
  readonly voters: Total;
  /** Every choice of the vote once, in the vote's order, zeros included (as `validateAnalogCounts` returns it). */
  readonly choices: readonly ChoiceCount[];
  readonly abstentions: Total;
  readonly invalid: Total;
}

export interface ChoiceCount {
  readonly choice: string;
  readonly count: number;
  readonly weight: number;
}

/** What one valid ballot of the vote may say. */
export interface ChoiceRules {
  readonly choices: readonly string[];
  readonly minChoices: number;
  readonly maxChoices: number;
  readonly allowAbstain: boolean;
}

export const noVotes: Total = { count: 0, weight: 0 };

export function addTotals(a: Total, b: Total): Total {
  return { count: a.count + b.count, weight: a.weight + b.weight };
}

export function subtract(a: Total, b: Total): Total {
  return { count: a.count - b.count, weight: a.weight - b.weight };
}

export function inconsistent(message: string, field: string): DomainError {
  return new DomainError("paper_counts_inconsistent", message, { field });
}

/** A count and weight of whole ballots: non-negative integers, each ballot weighing at least 1. */
export function validateTotal(total: Total, field: string): Total {
  const { count, weight } = total ?? {};
  if (!Number.isSafeInteger(count) || !Number.isSafeInteger(weight) || count < 0 || weight < 0) {
    throw new DomainError("invalid", `${field} needs a count and a weight that are whole numbers ≥ 0`, { field });
  }
  if (weight < count || (count === 0 && weight > 0)) {
    throw inconsistent(`${field}: every ballot weighs at least 1, so ${count} ballot(s) cannot weigh ${weight}`, field);
  }
  return { count, weight };
}

/** The ballots left once abstentions and invalid ones are taken from the voters, refused when they do not fit. */
export function validBallots(voters: Total, abstentions: Total, invalid: Total): Total {
  const valid = subtract(subtract(voters, abstentions), invalid);
  if (valid.count < 0 || valid.weight < 0) {
    throw inconsistent("abstentions and invalid ballots exceed the paper voters", "voters");
  }
  if (valid.count === 0 && valid.weight > 0) throw inconsistent("weight is left over without a valid ballot", "voters");
  return valid;
}

/**
 * Checks hand counts against what one valid ballot may say and returns them
 * normalised (choices in `rules` order, missing ones as zero). Exact integer
 * rules, on counts and on weights alike: abstentions and invalid ballots fit
 * within the voters, and the rest, the valid ballots, each name between
 * `minChoices` and `maxChoices` choices (exactly one for single-choice
 * votes), so a choice has at most as many ballots as there are valid ones.
 */
export function validateAnalogCounts(rules: ChoiceRules, counts: AnalogCounts): AnalogCounts {
  const voters = validateTotal(counts.voters, "voters");
  const abstentions = validateTotal(counts.abstentions, "abstentions");
  const invalid = validateTotal(counts.invalid, "invalid");
  if (abstentions.count > 0 && !rules.allowAbstain) throw inconsistent("this vote does not allow abstaining", "abstentions");
  if (!Array.isArray(counts.choices)) throw new DomainError("invalid", "choices must be a list", { field: "choices" });
  const given = new Map<string, Total>();
  for (const entry of counts.choices) {
    const choice = entry?.choice;
    if (!rules.choices.includes(choice)) throw new DomainError("invalid", `unknown choice ${JSON.stringify(choice)}`, { field: "choices" });
    if (given.has(choice)) throw new DomainError("invalid", `choice ${JSON.stringify(choice)} is counted twice`, { field: "choices" });
    given.set(choice, validateTotal(entry, `choices.${choice}`));
  }
  const valid = validBallots(voters, abstentions, invalid);
  const choices = rules.choices.map((choice) => ({ choice, ...(given.get(choice) ?? noVotes) }));
  let selected = noVotes;
  for (const entry of choices) {
    if (entry.count > valid.count || entry.weight > valid.weight) {
      throw inconsistent(
        `choice ${JSON.stringify(entry.choice)} has more than the ${valid.count} valid ballot(s)`,
        `choices.${entry.choice}`,
      );
    }
    selected = addTotals(selected, entry);
  }
  const within = (sum: number, of: number) => sum >= rules.minChoices * of && sum <= rules.maxChoices * of;
  if (!within(selected.count, valid.count) || !within(selected.weight, valid.weight)) {
    throw inconsistent(
      rules.minChoices === rules.maxChoices
        ? `the choices must add up to ${rules.minChoices} per valid ballot (${valid.count} ballot(s), weight ${valid.weight})`
        : `the choices must add up to between ${rules.minChoices} and ${rules.maxChoices} per valid ballot (${valid.count} ballot(s), weight ${valid.weight})`,
      "choices",
    );
  }
  return { voters, choices, abstentions, invalid };
}
