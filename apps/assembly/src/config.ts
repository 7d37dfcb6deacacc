import { randomBytes } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { parseSmtpUrl } from "./mail/smtp-url.ts";
import { ballotSecretMinBytes } from "./store/ballot-seal.ts";

const port = z.coerce.number().int().min(0).max(65535);

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

export type Config = z.infer<typeof schema> & MailConfig;

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
  const result = schema.safeParse(env);
  const mail = mailSchema.safeParse(env);
  if (result.success && mail.success) {
    return { ...result.data, ...mail.data, DATA_DIR: resolve(env["INIT_CWD"] ?? process.cwd(), result.data.DATA_DIR) };
  }
  const issues = [...(result.error?.issues ?? []), ...(mail.error?.issues ?? [])];
  const problems = issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n${problems.join("\n")}`);
}
