/**
 * `npm start`: the assembly app on embedded defaults (SQLite under ./data,
 * in-process pub/sub) or, with DATABASE_URL and REDIS_URL, as one node of a
 * cluster. See config.ts for every variable.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { ConfigError, loadBallotSecret, loadConfig } from "./config.ts";
import { startServer } from "./server.ts";
import { oidcSettingsOf } from "./sso/oidc-settings.ts";

const logger = pino({ level: process.env["LOG_LEVEL"] ?? "info", name: "assembly" });

/**
 * The first admin's password: ADMIN_PASSWORD, or one generated on first start
 * and kept in a file only its owner can read, so it never appears in logs.
 */
function adminPassword(dataDir: string, given: string | undefined): { password: string; file?: string } {
  if (given) return { password: given };
  const file = join(dataDir, "admin-password.txt");
  if (existsSync(file)) return { password: readFileSync(file, "utf8").trim(), file };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString("base64url");
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { password, file };
}

try {
  const config = loadConfig(process.env);
  const admin = adminPassword(config.DATA_DIR, config.ADMIN_PASSWORD);
  const ballot = loadBallotSecret(config.DATA_DIR, config.BALLOT_SECRET);
  const oidc = oidcSettingsOf(config);
  const webRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../web/dist");
  const server = await startServer({
    port: config.PORT,
    host: config.HOST,
    sqlitePath: join(config.DATA_DIR, "plenum.sqlite"),
    ballotSecret: ballot.secret,
    webRoot,
    logger,
    bootstrapAdmin: { email: config.ADMIN_EMAIL, password: admin.password },
    dashboard: { intervalMs: config.DASHBOARD_INTERVAL_MS },
    presenceGraceMs: config.PRESENCE_GRACE_SECONDS * 1000,
    timeouts: {
      requestMs: config.HTTP_REQUEST_TIMEOUT_MS,
      headersMs: config.HTTP_HEADERS_TIMEOUT_MS,
      keepAliveMs: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
    ...(config.PUBLIC_URL ? { publicBaseUrl: config.PUBLIC_URL } : {}),
    ...(config.TRUST_PROXY !== undefined ? { trustProxy: config.TRUST_PROXY } : {}),
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
    ...(config.NODE_NAME ? { nodeId: config.NODE_NAME } : {}),
    ...(config.METRICS_TOKEN ? { metricsToken: config.METRICS_TOKEN } : {}),
    ...(config.METRICS_PUBLIC ? { metricsPublic: config.METRICS_PUBLIC } : {}),
    ...(config.SMTP_URL && config.MAIL_FROM
      ? {
          mail: {
            smtp: config.SMTP_URL,
            from: config.MAIL_FROM,
            ratePerMinute: config.MAIL_RATE_PER_MINUTE,
            ...(config.MAIL_REPLY_TO ? { replyTo: config.MAIL_REPLY_TO } : {}),
          },
        }
      : {}),
    ...(oidc ? { oidc } : {}),
  });
  logger.info(
    {
      url: server.url,
      admin: config.ADMIN_EMAIL,
      ...(admin.file ? { adminPasswordFile: admin.file } : {}),
      ...(ballot.file ? { ballotSecretFile: ballot.file } : {}),
    },
    "Plenum assembly is up: open the URL and sign in as the admin",
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "shutting down");
      void server.close().then(() => process.exit(0));
    });
  }
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
