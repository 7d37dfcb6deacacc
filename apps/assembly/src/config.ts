import { resolve } from "node:path";
import { z } from "zod";

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
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Parses the environment; a bad value is an error naming the variable, never a silent default. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const result = schema.safeParse(env);
  if (result.success) return { ...result.data, DATA_DIR: resolve(env["INIT_CWD"] ?? process.cwd(), result.data.DATA_DIR) };
  const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n${problems.join("\n")}`);
}
