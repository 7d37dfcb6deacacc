import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";

/**
 * Which pages may use the socket transports, judged by the `Origin` header
 * browsers send with every WebSocket upgrade and cross-origin request
 * (Phoenix's `check_origin`). Without the check, any page a signed-in user
 * visits could open a socket with their cookies.
 *
 * - A list of allowed origins:
 *   `"https://example.com"` allows that scheme, host and port (the scheme's
 *   default port when none is written: 443 here);
 *   `"//example.com"` allows the host with any scheme and port;
 *   `"//example.com:8443"` any scheme, that port;
 *   `*.` before the host allows the domain and every subdomain
 *   (`"https://*.example.com"`).
 * - `"same-origin"` (the default): the origin the request itself names, i.e.
 *   the connection's scheme (https on a TLS socket) and the `Host` header, as
 *   Phoenix's `:conn`. Behind a proxy that terminates TLS or rewrites `Host`,
 *   give the list instead.
 * - A function of the Origin header (Phoenix's `{module, function, args}`):
 *   for rules only the application knows, e.g. origins it learns once it
 *   listens. It must be pure and fast; it runs on every upgrade.
 * - `false`: no check. Only for clients that never rely on cookies.
 *
 * A request without `Origin` (not a browser: apps, scripts) is always allowed.
 */
export type CheckOrigin = readonly string[] | "same-origin" | ((origin: string) => boolean) | false;

interface AllowedOrigin {
  /** Undefined: any scheme. */
  readonly scheme: string | undefined;
  readonly host: string;
  /** `*.host`: the host and its subdomains. */
  readonly subdomains: boolean;
  /** Undefined: any port. */
  readonly port: number | undefined;
}

interface Origin {
  readonly scheme: string;
  readonly host: string;
  readonly port: number | undefined;
}

const RULE =
  'checkOrigin takes "same-origin", false, a function (origin) => boolean, or a list of origins written "scheme://host[:port]" or "//host[:port]" ' +
  '(any scheme), with "*." before the host for its subdomains, e.g. ["https://example.com", "//*.example.org:8443"]';

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ws: 80, wss: 443 };

const ENTRY = /^(?:([a-z][a-z0-9+.-]*):)?\/\/(\*\.)?([^/?#@:[\]\s]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?\/?$/i;

/** Lower-cased, punycoded host, or undefined when it is no host name or IP address. */
function normalHost(host: string): string | undefined {
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
  return /^(\[[0-9a-f:.]+\]|[a-z0-9_-]+(\.[a-z0-9_-]+)*)$/.test(hostname) ? hostname : undefined;
}

function parseAllowed(entry: unknown): AllowedOrigin {
  const match = typeof entry === "string" ? ENTRY.exec(entry) : null;
  const host = match ? normalHost(match[3]!) : undefined;
  const port = match?.[4] === undefined ? undefined : Number(match[4]);
  if (!match || !host || (port !== undefined && (port < 1 || port > 65535))) {
    throw new TypeError(`${RULE}; got ${JSON.stringify(entry)}`);
  }
  const scheme = match[1]?.toLowerCase();
  return { scheme, host, subdomains: match[2] !== undefined, port: port ?? (scheme ? DEFAULT_PORTS[scheme] : undefined) };
}

/** An Origin header (or `scheme://Host`) as scheme, host and port; undefined for `null` and anything malformed. */
function parseOrigin(text: string): Origin | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const host = normalHost(url.hostname);
  if (!host || url.username || url.password || url.search || url.hash || (url.pathname !== "" && url.pathname !== "/")) return undefined;
  const scheme = url.protocol.slice(0, -1);
  return { scheme, host, port: url.port ? Number(url.port) : DEFAULT_PORTS[scheme] };
}

function matches(origin: Origin, allowed: AllowedOrigin): boolean {
  if (allowed.scheme !== undefined && allowed.scheme !== origin.scheme) return false;
  if (allowed.port !== undefined && allowed.port !== origin.port) return false;
  return origin.host === allowed.host || (allowed.subdomains && origin.host.endsWith(`.${allowed.host}`));
}

/** The origin a request names for itself: its connection's scheme and its Host header. */
function requestOrigin(request: IncomingMessage): Origin | undefined {
  const host = request.headers.host;
  if (!host) return undefined;
  const scheme = (request.socket as Partial<TLSSocket>).encrypted ? "https" : "http";
  return parseOrigin(`${scheme}://${host}`);
}

/**
 * A validated `CheckOrigin`. Construction throws a TypeError stating the
 * rule for anything else, so a typo fails at start instead of refusing (or
 * allowing) browsers at run time. Matching is pure: no I/O, no state.
 */
export class OriginPolicy {
  readonly #rule: "off" | "same-origin" | readonly AllowedOrigin[] | ((origin: string) => boolean);

  constructor(option: CheckOrigin = "same-origin") {
    if (option === false || option === "same-origin") this.#rule = option === false ? "off" : option;
    else if (typeof option === "function") this.#rule = option;
    else if (Array.isArray(option)) this.#rule = option.map(parseAllowed);
    else throw new TypeError(`${RULE}; got ${JSON.stringify(option)}`);
  }

  /** False when the check is off and every origin passes. */
  get checks(): boolean {
    return this.#rule !== "off";
  }

  /** Whether a page of `origin` (an Origin header) may use the transports through `request`. */
  allows(origin: string, request: IncomingMessage): boolean {
    if (this.#rule === "off") return true;
    if (typeof this.#rule === "function") return this.#rule(origin);
    const parsed = parseOrigin(origin);
    if (!parsed) return false;
    if (this.#rule === "same-origin") {
      const own = requestOrigin(request);
      return own !== undefined && own.scheme === parsed.scheme && own.host === parsed.host && own.port === parsed.port;
    }
    return this.#rule.some((allowed) => matches(parsed, allowed));
  }
}
