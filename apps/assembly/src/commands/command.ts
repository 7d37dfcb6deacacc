import type { z } from "zod";
import type { AdminUser } from "../domain/admin.ts";
import type { AdminAction } from "../domain/roles.ts";
import type { Store } from "../store/store.ts";
import type { EventAccess } from "./actor.ts";
import type { EffectSink, Outcome } from "./effect.ts";
import { parseWith } from "./parse.ts";

/** Who has a live connection right now: the real-time layer knows, a command only asks. */
export interface Connections {
  online(eventId: string): ReadonlySet<string>;
}

/** Without a real-time layer (HTTP alone) nobody is online. */
export const noConnections: Connections = { online: () => new Set() };

/** What every command may use: I/O lives here, never in the domain it calls. */
export interface CommandContext {
  readonly store: Store;
  readonly connections: Connections;
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

/** A command an admin runs in one event; the edge checks `permission` before it runs. */
export interface EventCommand<Input, Result> extends Command<EventAccess, Input, Result> {
  readonly permission: AdminAction;
}

/** A command of a signed-in admin outside any one event (a new event); only a session is checked. */
export type AdminCommand<Input, Result> = Command<AdminUser, Input, Result>;

/** A read: same parsing and caller as a command, and no effects. */
export interface Query<Caller, Input, Result> {
  readonly name: string;
  readonly input: z.ZodType<Input>;
  run(ctx: CommandContext, caller: Caller, input: Input): Promise<Result>;
}

/** A read an admin makes in one event. */
export interface EventQuery<Input, Result> extends Query<EventAccess, Input, Result> {
  readonly permission: AdminAction;
}

/** A read of a signed-in admin across events (their event list). */
export type AdminQuery<Input, Result> = Query<AdminUser, Input, Result>;

/**
 * Runs commands for the edges: parse, run, then hand the effects to the live
 * layer. Effects are applied only after `run` resolved, that is after its
 * transaction committed; a refused or failed command has none.
 */
export class CommandRunner {
  readonly #ctx: CommandContext;
  readonly #effects: EffectSink;

  constructor(store: Store, effects: EffectSink, connections: Connections = noConnections) {
    this.#ctx = { store, connections };
    this.#effects = effects;
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
