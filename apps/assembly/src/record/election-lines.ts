import type { ElectionResult } from "../domain/election/count.ts";
import type { ElectionDefinition } from "../domain/election/definition.ts";
import type { Election } from "../domain/election/election.ts";
import type { ElectionPaper } from "../domain/election/paper.ts";
import type { Requirement } from "../domain/election/requirement.ts";
import type { StvStage } from "../domain/election/stv.ts";
import type { Total } from "../domain/tally.ts";
import { ballotBoxRules } from "./poll-lines.ts";
import type { RecordTexts } from "./texts.ts";

type Line = [string, string];

function requirementText(requirement: Requirement, texts: RecordTexts): string {
  return requirement.kind === "threshold"
    ? texts.t("election.requirement.threshold", { numerator: requirement.numerator, denominator: requirement.denominator })
    : texts.t(`election.requirement.${requirement.kind}`);
}

function methodText(definition: ElectionDefinition, texts: RecordTexts): string {
  const method = definition.method;
  switch (method.kind) {
    case "yes_no_abstain":
      return texts.t("election.method.yes_no_abstain", { maxYes: method.maxYes, requirement: requirementText(method.requirement, texts) });
    case "approval":
      return texts.t("election.method.approval", {
        min: method.minApprovals,
        max: method.maxApprovals,
        noToAll: method.allowNoToAll ? texts.t("election.method.approval.noToAll") : "",
        requirement: requirementText(method.requirement, texts),
      });
    case "cumulative":
      return texts.t("election.method.cumulative", { votes: method.votesPerBallot, max: method.maxPerCandidate });
    case "single_choice":
      return texts.t("election.method.single_choice", {
        runoff: method.runoffSize,
        requirement: requirementText(method.requirement, texts),
      });
    case "stv":
    case "schulze":
      return texts.t(`election.method.${method.kind}`);
  }
}

/**
 * The rules an election was decided by, in words: method and its limits,
 * group constraint, order, ties, abstentions, quorum, secrecy. The last three
 * are the ballot box's and read as a poll's do.
 */
export function electionRuleInWords(election: Election, definition: ElectionDefinition, texts: RecordTexts): string {
  const { constraint } = definition;
  return [
    methodText(definition, texts),
    ...(constraint === null
      ? []
      : [
          constraint.kind === "minimum"
            ? texts.t("election.constraint.minimum", {
                seats: constraint.minSeats,
                attribute: texts.t(`election.attribute.${constraint.attribute}`),
                value: constraint.value,
              })
            : texts.t("election.constraint.reserved_positions", {
                positions: texts.t(`election.positions.${constraint.positions}`),
                attribute: texts.t(`election.attribute.${constraint.attribute}`),
                value: constraint.value,
              }),
        ]),
    ...(definition.ordered ? [texts.t("election.ordered")] : []),
    texts.t(`election.tie.${definition.tieRule.kind}`),
    ...ballotBoxRules(
      {
        abstentionsCount: definition.abstentionsCount,
        quorum: election.quorum,
        secret: election.secret,
        allowSplit: definition.allowSplit,
      },
      texts,
    ),
  ].join("; ");
}

/** Per candidate, the paper counts' share in the method's words; null when the paper part was entered ballot by ballot (or is none). */
function paperShare(paper: ElectionPaper | null, candidateId: string, texts: RecordTexts): string | null {
  if (paper === null || paper.kind === "ballots") return null;
  const n = (total: Total | undefined) => texts.number(total?.weight ?? 0);
  switch (paper.kind) {
    case "yes_no_abstain": {
      const entry = paper.candidates.find((c) => c.candidateId === candidateId);
      const valid = paper.voters.weight - paper.invalid.weight;
      const abstain = valid - (entry?.yes.weight ?? 0) - (entry?.no.weight ?? 0);
      return texts.t("election.yesNoValue", { yes: n(entry?.yes), no: n(entry?.no), abstain: texts.number(abstain) });
    }
    case "approval":
      return texts.t("election.approvalsValue", { approvals: n(paper.candidates.find((c) => c.candidateId === candidateId)?.approvals) });
    case "cumulative":
    case "single_choice":
      return texts.t("election.votesValue", { votes: n(paper.candidates.find((c) => c.candidateId === candidateId)?.votes) });
  }
}

/** What the count gave each candidate, in the method's words. */
function candidateTotals(result: ElectionResult, texts: RecordTexts): Map<string, string> {
  const n = texts.number;
  const qualified = (ok: boolean) => texts.t(ok ? "election.qualified" : "election.notQualified");
  switch (result.method) {
    case "yes_no_abstain":
      return new Map(
        result.candidates.map((c) => [
          c.candidateId,
          texts.t("election.yesNoValue", { yes: n(c.yes), no: n(c.no), abstain: n(c.abstain) }) + qualified(c.qualified),
        ]),
      );
    case "approval":
      return new Map(
        result.candidates.map((c) => [
          c.candidateId,
          texts.t("election.approvalsValue", { approvals: n(c.approvals) }) + qualified(c.qualified),
        ]),
      );
    case "cumulative":
      return new Map(result.candidates.map((c) => [c.candidateId, texts.t("election.votesValue", { votes: n(c.votes) })]));
    case "single_choice":
      return new Map(
        result.candidates.map((c) => [c.candidateId, texts.t("election.votesValue", { votes: n(c.votes) }) + qualified(c.qualified)]),
      );
    case "stv":
      return new Map(
        result.candidates.map((c) => [
          c.candidateId,
          texts.t("election.stvValue", { first: c.firstPreferences, final: c.finalVotes, state: texts.t(`election.state.${c.state}`) }),
        ]),
      );
    case "schulze":
      return new Map();
  }
}

function stageLine(stage: StvStage, name: (id: string) => string, texts: RecordTexts): Line {
  const transfers = stage.transfers.map((t) => `${name(t.candidateId)} +${t.votes}`).join(", ") || texts.t("election.none");
  const from = stage.from.map(name).join(", ");
  let text = texts.t(`election.stage.${stage.action}`, { from, surplus: stage.surplus ?? "", transfers });
  if (stage.action !== "first_preferences") {
    text += texts.t("election.stage.rest", { nonTransferable: stage.nonTransferable, lost: stage.lostToRounding });
  }
  if (stage.elected.length > 0) text += texts.t("election.stage.elected", { names: stage.elected.map(name).join(", ") });
  return [texts.t("election.stage", { stage: stage.stage }), text];
}

/** STV's quota and stages, or Schulze's pairwise wins and order: how the count came to its seats. */
function countLines(result: ElectionResult, name: (id: string) => string, texts: RecordTexts): Line[] {
  if (result.method === "stv") {
    return [[texts.t("election.quota"), result.quota], ...result.stages.map((stage) => stageLine(stage, name, texts))];
  }
  if (result.method === "schulze") {
    const ids = result.candidateIds;
    return [
      ...ids.map(
        (row, i): Line => [
          `${texts.t("election.pairwise")} (${name(row)})`,
          ids.flatMap((column, j) => (i === j ? [] : [`${name(column)} ${texts.number(result.pairwise[i]?.[j] ?? 0)}`])).join(", "),
        ],
      ),
      [texts.t("election.ranking"), result.ranking.map((group) => group.map(name).join(" = ")).join(" > ")],
    ];
  }
  return [];
}

/**
 * What the record says of one election, as label and value lines: rule,
 * seats, candidates, voting period, turnout, the paper ballots, every
 * candidate's totals (with the paper counts' share), the elected in order,
 * then STV's stages or Schulze's pairwise wins. The minutes and the results
 * print these same lines.
 */
export function electionLines(election: Election, texts: RecordTexts): Line[] {
  const definition = election.definition;
  const candidates = definition?.candidates ?? election.candidates.filter((c) => !c.withdrawn);
  const names = new Map(election.candidates.map((c) => [c.id, c.name]));
  const name = (id: string) => names.get(id) ?? id;
  const n = texts.number;
  const lines: Line[] = [];
  if (definition !== null) lines.push([texts.t("election.rule"), electionRuleInWords(election, definition, texts)]);
  lines.push([texts.t("election.seats"), n(definition?.seats ?? election.setup.seats ?? 1)]);
  lines.push([texts.t("election.candidates"), candidates.map((c) => c.name).join(", ") || texts.t("election.none")]);
  if (election.openedAt !== null && election.closedAt !== null) {
    lines.push([
      texts.t("poll.period"),
      texts.t("poll.opened", { opened: texts.dateTime(election.openedAt), closed: texts.dateTime(election.closedAt) }),
    ]);
  }
  const result = election.result;
  if (result === null) {
    const status = election.status === "draft" ? "draft" : "open";
    lines.push([texts.t("poll.result"), texts.t("election.notCounted", { status: texts.t(`poll.status.${status}`) })]);
    return lines;
  }
  const { total, valid, invalid, abstain, base } = result.ballots;
  lines.push([
    texts.t("poll.turnout"),
    texts.t("poll.turnoutValue", {
      count: n(total.count),
      weight: n(total.weight),
      eligible: n(election.eligibleCount ?? 0),
      eligibleWeight: n(election.eligibleWeight ?? 0),
    }),
  ]);
  const paper = election.paper?.entry ?? null;
  if (result.paper !== undefined) {
    const value = texts.t("poll.paperValue", { count: n(result.paper.total.count), weight: n(result.paper.total.weight) });
    lines.push([texts.t("poll.paper"), paper?.kind === "ballots" ? texts.t("election.paperBallots", { value }) : value]);
  }
  lines.push([
    texts.t("election.ballots"),
    texts.t("election.ballotsValue", {
      valid: n(valid.count),
      validWeight: n(valid.weight),
      invalid: n(invalid.count),
      invalidWeight: n(invalid.weight),
      abstain: n(abstain.count),
      abstainWeight: n(abstain.weight),
      base: n(base),
    }),
  ]);
  for (const [candidateId, value] of candidateTotals(result, texts)) {
    const share = paperShare(paper, candidateId, texts);
    lines.push([name(candidateId), share === null ? value : texts.t("election.onPaper", { value, paper: share })]);
  }
  if (result.method === "approval" && (result.noToAll.count > 0 || paper?.kind === "approval")) {
    const value = texts.t("poll.optionValue", { count: n(result.noToAll.count), weight: n(result.noToAll.weight) });
    const share =
      paper?.kind === "approval" ? texts.t("poll.optionValue", { count: n(paper.noToAll.count), weight: n(paper.noToAll.weight) }) : null;
    lines.push([texts.t("election.noToAll"), share === null ? value : texts.t("election.onPaper", { value, paper: share })]);
  }
  lines.push([
    texts.t("election.elected"),
    result.elected.map((seat) => `${seat.position}. ${name(seat.candidateId)}`).join(", ") || texts.t("election.noneElected"),
  ]);
  if (result.vacantSeats > 0) lines.push([texts.t("election.status"), texts.t("election.vacant", { count: n(result.vacantSeats) })]);
  if (result.status !== "complete") lines.push([texts.t("election.status"), texts.t(`election.status.${result.status}`)]);
  lines.push(...countLines(result, name, texts));
  if (election.lotSeed !== null) lines.push([texts.t("election.lotSeed"), election.lotSeed]);
  return lines;
}
