import { ballotRoutes } from "./ballots.ts";
import { pollRoutes } from "./polls.ts";

/** The whole API table, one group per aggregate. */
export const allRoutes = { ...ballotRoutes, ...pollRoutes };
