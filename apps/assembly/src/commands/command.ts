import type { z } from "zod";
import type { Store } from "../store/store.ts";
import type { EffectSink, Outcome } from "./effect.ts";
import { parseWith } from "./parse.ts";
import { VisiblePolls } from "./visible-polls.ts";

/** What every command may use: I/O lives here, never in the domain it calls. */
export interface CommandContext {
  readonly store: Store;
  readonly visiblePolls: VisiblePolls;
}

/**
 * One action of the app, whichever edge it arrives through. `Caller` is who
 * the edge authenticated (a participant, or an admin's access to one event);
 * `input` is the wire schema the raw input is parsed with before `run`, so
 * an HTTP body and a channel payload are validated alike.
 */
export interface Command<Caller, Input, Result> {
  readonly name: string;
  readonly input: z.ZodType<Input>;
  run(ctx: CommandContext, caller: Caller, input: Input): Promise<Outcome<Result>>;
}

/** A read: same parsing and caller as a command, and no effects. */
export interface Query<Caller, Input, Result> {
  readonly name: string;
  readonly input: z.ZodType<Input>;
  run(ctx: CommandContext, caller: Caller, input: Input): Promise<Result>;
}

/**
 * Runs commands for the edges: parse, run, then hand the effects to the live
 * layer. Effects are applied only after `run` resolved, that is after its
 * transaction committed; a refused or failed command has none.
 */
export class CommandRunner {
  readonly #ctx: CommandContext;
  readonly #effects: EffectSink;

  constructor(store: Store, effects: EffectSink) {
    this.#ctx = { store, visiblePolls: new VisiblePolls(store) };
    this.#effects = effects;
  }

  get context(): CommandContext {
    return this.#ctx;
  }

  async run<Caller, Input, Result>(command: Command<Caller, Input, Result>, caller: Caller, raw: unknown): Promise<Result> {
    const input = parseWith(command.input, raw);
    const outcome = await command.run(this.#ctx, caller, input);
    await this.#effects.apply(outcome.effects);
    return outcome.result;
  }

  query<Caller, Input, Result>(query: Query<Caller, Input, Result>, caller: Caller, raw: unknown): Promise<Result> {
    return query.run(this.#ctx, caller, parseWith(query.input, raw));
  }
}
