import { randomBytes } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";
import { parseSmtpUrl } from "./mail/smtp-url.ts";
import { type OidcConfig, oidcSchema } from "./sso/oidc-settings.ts";
import { ballotSecretMinBytes } from "./store/ballot-seal.ts";

const port = z.coerce.number().int().min(0).max(65535);

// ---- HTTP edges: proxy trust, timeouts, metrics access, allowed origins ----

/** proxy-addr's named ranges, which Fastify's `trustProxy` also accepts. */
const namedRanges = new Set(["loopback", "linklocal", "uniquelocal"]);

function isAddressOrRange(entry: string): boolean {
  if (namedRanges.has(entry) || isIP(entry) !== 0) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0 || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** What Fastify's `trustProxy` takes: all hops, none, a hop count, or the proxies' addresses and ranges. */
export type TrustProxy = boolean | number | string[];

/**
 * `TRUST_PROXY`: `true` / `false`, a hop count (1–20), or a comma-separated
 * list of addresses, CIDR ranges and proxy-addr's names (loopback,
 * linklocal, uniquelocal). Anything else is an error, never "trust nothing".
 */
const trustProxy = z.string().transform((value, context): TrustProxy => {
  const text = value.trim();
  if (text === "true" || text === "false") return text === "true";
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops >= 1 && hops <= 20) return hops;
    context.addIssue({ code: "custom", message: "a hop count must be between 1 and 20" });
    return z.NEVER;
  }
  const entries = text.split(",").map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isAddressOrRange(entry));
  if (bad.length === 0) return entries;
  context.addIssue({
    code: "custom",
    message: `true, false, a hop count or a comma-separated list of addresses, CIDR ranges, loopback, linklocal, uniquelocal; not: ${bad.map((entry) => JSON.stringify(entry)).join(", ")}`,
  });
  return z.NEVER;
});

const milliseconds = (min: number, fallback: number) => z.coerce.number().int().min(min).max(3_600_000).default(fallback);

/** Defaults documented in docs/security.md ("Limits and timeouts"). */
export const HTTP_TIMEOUT_DEFAULTS = { requestMs: 120_000, headersMs: 20_000, keepAliveMs: 72_000 } as const;

const httpEdgeVariables = {
  TRUST_PROXY: trustProxy.optional(),
  /** `loopback`: /metrics without the token for loopback peers (only where nothing else on the host proxies to the app). */
  METRICS_PUBLIC: z.enum(["loopback"]).optional(),
  HTTP_REQUEST_TIMEOUT_MS: milliseconds(1000, HTTP_TIMEOUT_DEFAULTS.requestMs),
  HTTP_HEADERS_TIMEOUT_MS: milliseconds(1000, HTTP_TIMEOUT_DEFAULTS.headersMs),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: milliseconds(1000, HTTP_TIMEOUT_DEFAULTS.keepAliveMs),
};

/** Node refuses a headers timeout longer than the request timeout; say so at start, naming the variable. */
function checkHttpTimeouts(config: { HTTP_HEADERS_TIMEOUT_MS: number; HTTP_REQUEST_TIMEOUT_MS: number }, context: z.RefinementCtx): void {
  if (config.HTTP_HEADERS_TIMEOUT_MS <= config.HTTP_REQUEST_TIMEOUT_MS) return;
  context.addIssue({ code: "custom", path: ["HTTP_HEADERS_TIMEOUT_MS"], message: "must not exceed HTTP_REQUEST_TIMEOUT_MS" });
}

const wildcardHosts = new Set(["0.0.0.0", "::", ""]);
const loopbackAddresses = new Set(["127.0.0.1", "::1"]);

const originOf = (host: string, port: number): string => new URL(`http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`).origin;

/**
 * Where the app is reached when PUBLIC_URL is unset: a loopback address also
 * as `localhost`; a wildcard host at every address of this machine.
 */
function listeningOrigins(listening: { readonly host: string; readonly port: number }): string[] {
  const { host, port } = listening;
  if (wildcardHosts.has(host)) {
    const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((entry) => entry.address));
    return [...new Set(["localhost", ...addresses].map((address) => originOf(address, port)))];
  }
  if (loopbackAddresses.has(host)) return [originOf(host, port), originOf("localhost", port)];
  return [originOf(host, port)];
}

/**
 * The origins browsers may send state changes (and socket connections) from:
 * PUBLIC_URL's origin when set, else the origins the server listens on. One
 * place for the HTTP API and the real-time endpoint, so they never disagree.
 */
export function allowedOrigins(publicUrl: string | undefined, listening: { readonly host: string; readonly port: number }): string[] {
  return publicUrl ? [new URL(publicUrl).origin] : listeningOrigins(listening);
}

/** The base of invitation links when PUBLIC_URL is unset: the listening address (`localhost` for a wildcard host). */
export function listeningBaseUrl(listening: { readonly host: string; readonly port: number }): string {
  return originOf(wildcardHosts.has(listening.host) ? "localhost" : listening.host, listening.port);
}

// ---- end of HTTP edges ----

/** Environment → server options. Every variable is optional; the defaults run on one machine with nothing else installed. */
const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Relative to where `npm start` was typed (npm runs workspace scripts in the workspace). */
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// URL")
    .optional(),
  NODE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, "letters, digits, _ . - (at most 64)")
    .optional(),
  /** Where people open the app (invitation links; the only origin whose pages may use the sockets). */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  ADMIN_EMAIL: z.email().default("admin@example.org"),
  ADMIN_PASSWORD: z.string().min(12, "at least 12 characters").optional(),
  METRICS_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  DASHBOARD_INTERVAL_MS: z.coerce.number().int().min(500).max(3_600_000).default(5000),
  /** How long a member who checked themselves in may be offline before they count as absent; 0: never (docs/attendance.md). */
  PRESENCE_GRACE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  /** Seals secret ballots while their poll is open; without it DATA_DIR/ballot-secret.key (see `loadBallotSecret`). */
  BALLOT_SECRET: z
    .string()
    .transform((text, ctx) => {
      try {
        return decodeBallotSecret(text);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  ...httpEdgeVariables,
});

// --- invitation mail: without SMTP_URL nothing is sent (the CSV export is the way) ---------------

const mailbox = /^[^\s<>@]+@[^\s<>@]+$/;
const senderAddress = z
  .string()
  .max(320)
  .refine((text) => mailbox.test(text.trim()) || /^[^<>]*<[^\s<>@]+@[^\s<>@]+>$/.test(text.trim()), {
    error: 'must be an address, e.g. invitations@example.org or "Convention <invitations@example.org>"',
  });

const mailSchema = z
  .object({
    /** smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465; its parse errors never repeat it. */
    SMTP_URL: z
      .string()
      .transform((text, ctx) => {
        try {
          return parseSmtpUrl(text.trim());
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
          return z.NEVER;
        }
      })
      .optional(),
    MAIL_FROM: senderAddress.optional(),
    MAIL_REPLY_TO: senderAddress.optional(),
    /** Messages handed to SMTP per minute, the whole cluster together (one node sends). */
    MAIL_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
  })
  .superRefine((mail, ctx) => {
    if (mail.SMTP_URL !== undefined && mail.MAIL_FROM === undefined) {
      ctx.addIssue({ code: "custom", path: ["MAIL_FROM"], message: "is required when SMTP_URL is set (the From: of the invitations)" });
    }
  });

export type MailConfig = z.infer<typeof mailSchema>;

// -----------------------------------------------------------------------------------------------

export type Config = z.infer<typeof schema> & MailConfig & OidcConfig;

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * A ballot secret as written in BALLOT_SECRET or the key file: hex, or base64
 * (standard or URL-safe), of at least 32 bytes. The message of a refusal never
 * repeats the value.
 */
export function decodeBallotSecret(text: string): Buffer {
  const trimmed = text.trim();
  let bytes: Buffer;
  if (/^(?:[0-9a-fA-F]{2})+$/.test(trimmed)) bytes = Buffer.from(trimmed, "hex");
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) bytes = Buffer.from(trimmed, "base64");
  else throw new Error("must be hex or base64, e.g. the output of `openssl rand -base64 32`");
  if (bytes.length < ballotSecretMinBytes) {
    throw new Error(`must hold at least ${ballotSecretMinBytes} bytes (it holds ${bytes.length}), e.g. \`openssl rand -base64 32\``);
  }
  return bytes;
}

/**
 * The ballot secret: BALLOT_SECRET when set, else the key file in the data
 * directory, created on first start (32 random bytes, base64, readable by
 * its owner only) and never logged. Every node serving one database needs
 * the same secret, so a cluster sets BALLOT_SECRET.
 */
export function loadBallotSecret(dataDir: string, given: Buffer | undefined): { secret: Buffer; file?: string } {
  if (given !== undefined) return { secret: given };
  const file = join(dataDir, "ballot-secret.key");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // Written aside and linked into place: a process starting at the same time sees no file or a whole one.
    const draft = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    writeFileSync(draft, `${randomBytes(ballotSecretMinBytes).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    try {
      linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      rmSync(draft, { force: true });
    }
  }
  try {
    return { secret: decodeBallotSecret(readFileSync(file, "utf8")), file };
  } catch (error) {
    throw new ConfigError(`invalid configuration:\n  ${file}: ${(error as Error).message}`);
  }
}

/** Parses the environment; a bad value is an error naming the variable, never a silent default. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const result = schema.superRefine(checkHttpTimeouts).safeParse(env);
  const mail = mailSchema.safeParse(env);
  const oidc = oidcSchema.safeParse(env);
  if (result.success && mail.success && oidc.success) {
    return { ...result.data, ...mail.data, ...oidc.data, DATA_DIR: resolve(env["INIT_CWD"] ?? process.cwd(), result.data.DATA_DIR) };
  }
  const issues = [...(result.error?.issues ?? []), ...(mail.error?.issues ?? []), ...(oidc.error?.issues ?? [])];
  const problems = issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n${problems.join("\n")}`);
}
