import { createHash } from "node:crypto";
import { DomainError } from "../errors.ts";

/**
 * How a tie that decides something (a seat, a list position, a runoff place,
 * which surplus goes first, who is excluded) is resolved:
 * - `lot`: drawn from a seed the caller supplies when counting (the server
 *   draws it after the vote closes and writes it to the audit log). The draw
 *   is reproducible by anyone: each tied candidate gets the SHA-256 hex digest
 *   of `${seed}\n${tieId}\n${candidateId}` and the smallest digest is favoured.
 * - `chair`: the count stops at the tie and reports it; the chair's decision
 *   (see `TieDecision`) is then applied by counting again with it.
 * STV first applies its statutory earlier-stage rule and uses this rule only
 * when the candidates were equal at every stage.
 */
export type TieRule = { readonly kind: "lot" } | { readonly kind: "chair" };

/**
 * What a tie decides, and what `at` counts:
 * - `seat` (the n-th seat filled, reserved seats first), `reserved_seat` (the n-th
 *   reserved seat), `position` (the n-th list position), `runoff_place` (the n-th place
 *   in a runoff);
 * - STV, at a stage: `surplus_order` (whose surplus goes first), `exclusion` (who is
 *   excluded as lowest), `constraint_election` (who keeps the last non-group seat).
 */
export type TieKind = "seat" | "reserved_seat" | "position" | "runoff_place" | "surplus_order" | "exclusion" | "constraint_election";

/** The chair's answer to a reported tie: the tied candidates from most to least favoured. */
export interface TieDecision {
  readonly tieId: string;
  readonly order: readonly string[];
}

/** A tie the count met. On its own: one waiting for the chair, where the count stopped. */
export interface PendingTie {
  /** `${kind}:${at}` (`.n` appended for a further tie of the same kind and place), unique within one count, e.g. `seat:3`, `exclusion:5`. */
  readonly tieId: string;
  readonly kind: TieKind;
  /** The seat, position or place (1-based), or the STV stage (see `TieKind`). */
  readonly at: number;
  /** The tied candidates, in candidate-list order. */
  readonly candidateIds: readonly string[];
}

/** A tie the count resolved, and how; `order` runs from most to least favoured. */
export interface TieRecord extends PendingTie {
  readonly resolvedBy: "earlier_stage" | "lot" | "chair";
  readonly order: readonly string[];
}

export function tieId(kind: TieKind, at: number): string {
  return `${kind}:${at}`;
}

/** The lot's order of `candidateIds` for tie `id` under `seed` (see `TieRule`). */
export function drawLot(seed: string, id: string, candidateIds: readonly string[]): string[] {
  const digest = (candidateId: string): string => createHash("sha256").update(`${seed}\n${id}\n${candidateId}`).digest("hex");
  return candidateIds
    .map((candidateId) => ({ candidateId, key: digest(candidateId) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((entry) => entry.candidateId);
}

function invalid(message: string, field: string): DomainError {
  return new DomainError("invalid", message, { field });
}

/**
 * Resolves the ties of one count and remembers them. Create one per count;
 * `resolve` answers null once a tie waits for the chair, and the count must
 * then stop.
 */
export class TieBreaker {
  readonly #rule: TieRule;
  readonly #seed: string | null;
  readonly #decisions: Map<string, TieDecision>;
  readonly #used = new Set<string>();
  readonly #records: TieRecord[] = [];
  #pending: PendingTie | null = null;

  constructor(rule: TieRule, seed: string | null, decisions: readonly TieDecision[]) {
    this.#rule = rule;
    if (rule.kind === "lot") {
      if (typeof seed !== "string" || seed.length < 1 || seed.length > 200) {
        throw invalid("a count under the lot rule needs a seed of 1 to 200 characters", "seed");
      }
      if (decisions.length > 0) throw invalid("chair decisions apply only under the chair rule", "decisions");
    }
    this.#seed = rule.kind === "lot" ? seed : null;
    this.#decisions = new Map();
    for (const decision of decisions) {
      if (typeof decision?.tieId !== "string" || !Array.isArray(decision.order) || this.#decisions.has(decision.tieId)) {
        throw invalid("each decision needs a tieId (once) and an order", "decisions");
      }
      this.#decisions.set(decision.tieId, decision);
    }
  }

  get seed(): string | null {
    return this.#seed;
  }

  get records(): readonly TieRecord[] {
    return this.#records;
  }

  get pending(): PendingTie | null {
    return this.#pending;
  }

  /** Orders tied candidates (given in candidate-list order) most favoured first, or returns null while the chair must decide. */
  resolve(kind: TieKind, at: number, candidateIds: readonly string[]): readonly string[] | null {
    const id = this.#uniqueId(kind, at);
    if (this.#rule.kind === "lot") return this.#record(id, kind, at, candidateIds, "lot", drawLot(this.#seed ?? "", id, candidateIds));
    const decision = this.#decisions.get(id);
    if (decision === undefined) {
      this.#pending = { tieId: id, kind, at, candidateIds: [...candidateIds] };
      return null;
    }
    const order = [...decision.order];
    if (order.length !== candidateIds.length || new Set(order).size !== order.length || !order.every((c) => candidateIds.includes(c))) {
      throw invalid(`the decision for tie ${id} must order exactly the tied candidates ${candidateIds.join(", ")}`, "decisions");
    }
    this.#used.add(id);
    return this.#record(id, kind, at, candidateIds, "chair", order);
  }

  /** Records a tie that STV's earlier-stage rule resolved. */
  recordEarlierStage(kind: TieKind, at: number, candidateIds: readonly string[], order: readonly string[]): void {
    this.#record(this.#uniqueId(kind, at), kind, at, candidateIds, "earlier_stage", order);
  }

  /** `kind:at`, or `kind:at.n` for the n-th tie of the same kind at the same place (several seats decided in one STV stage). */
  #uniqueId(kind: TieKind, at: number): string {
    const base = tieId(kind, at);
    const seen = this.#records.filter((record) => record.kind === kind && record.at === at).length;
    return seen === 0 ? base : `${base}.${seen + 1}`;
  }

  /** Throws when a decision matched no tie of a finished count: it was meant for another count. */
  assertDecisionsUsed(): void {
    if (this.#pending !== null) return;
    for (const id of this.#decisions.keys()) {
      if (!this.#used.has(id)) throw invalid(`no tie ${id} arises in this count`, "decisions");
    }
  }

  #record(
    id: string,
    kind: TieKind,
    at: number,
    candidateIds: readonly string[],
    resolvedBy: TieRecord["resolvedBy"],
    order: readonly string[],
  ): readonly string[] {
    this.#records.push({ tieId: id, kind, at, candidateIds: [...candidateIds], resolvedBy, order: [...order] });
    return order;
  }
}
