import type { IncomingMessage } from "node:http";
import type { EngineMetrics } from "../metrics/metrics.ts";
import { loggable, type BoundedLog } from "./bounded-log.ts";
import type { ConnectInfo } from "./connect.ts";
import type { OriginPolicy } from "./origin.ts";

/** What the origin check says about one request. */
export type Admission =
  | { readonly allowed: false }
  /** `cors`: headers that let the page read a long-poll answer (none without an Origin header). */
  | { readonly allowed: true; readonly cors: Readonly<Record<string, string>> };

const NO_CORS: Readonly<Record<string, string>> = {};

/**
 * The origin check as both transports run it, before anything else about
 * the request (before `connect`, before the upgrade): every refusal is
 * counted in `plenum_origin_refused_total{transport}` and logged at a
 * bounded rate, with the refused origin only.
 *
 * CORS follows the same policy, so long-poll can serve exactly the pages the
 * WebSocket serves: an allowed origin is echoed with credentials allowed
 * (and `Vary: Origin`); with the check off the answer is `*`, which browsers
 * never combine with cookies. A refused origin gets no CORS headers.
 */
export class OriginGate {
  readonly #policy: OriginPolicy;
  readonly #metrics: EngineMetrics;
  readonly #log: BoundedLog;

  constructor(policy: OriginPolicy, metrics: EngineMetrics, log: BoundedLog) {
    this.#policy = policy;
    this.#metrics = metrics;
    this.#log = log;
  }

  admit(request: IncomingMessage, transport: ConnectInfo["transport"]): Admission {
    const header = request.headers.origin;
    if (header === undefined) return { allowed: true, cors: NO_CORS };
    if (!this.#policy.checks) return { allowed: true, cors: { "access-control-allow-origin": "*" } };
    if (this.#policy.allows(header, request)) {
      return {
        allowed: true,
        cors: { "access-control-allow-origin": header, "access-control-allow-credentials": "true", vary: "Origin" },
      };
    }
    this.#metrics.originRefused.inc({ transport });
    this.#log.warn(
      "origin",
      { transport, origin: loggable(header) },
      "socket request refused: its Origin is not allowed (see the endpoint's checkOrigin option)",
    );
    return { allowed: false };
  }
}
