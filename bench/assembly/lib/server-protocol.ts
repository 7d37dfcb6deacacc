import type { SeedRequest } from "./seed.ts";

/** The chair every bench event is owned by; app-server.ts bootstraps it. */
export const BENCH_ADMIN = { email: "chair@bench.example.org", password: "bench-password-1" };

/** What the runner asks a bench server process over IPC. */
export type ServerCommand =
  | { readonly kind: "seed"; readonly request: Omit<SeedRequest, "adminEmail"> }
  | { readonly kind: "tally"; readonly pollId: string };

/** A poll's tally from stored ballots: how many, and per option. */
export interface TallyCheck {
  readonly turnout: number;
  readonly options: Record<string, number>;
  readonly abstentions: number;
}
