import { isIP } from "node:net";
import { z } from "zod";

/** The deployment's OpenID Connect provider, as the relying party needs it. */
export interface OidcSettings {
  /** The issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: URL;
  readonly clientId: string;
  /** Never logged, never in an error message. */
  readonly clientSecret: string;
  /** What the sign-in button says: "Sign in with <providerName>". */
  readonly providerName: string;
  /** Space-separated, `openid` among them. */
  readonly scopes: string;
  /** The claim carrying the member number, for events that match by it. */
  readonly memberClaim: string;
}

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Plain http only to this machine (a provider under test or behind a local proxy); anything else needs TLS. */
export const allowsPlainHttp = (issuer: URL): boolean =>
  loopbackHosts.has(issuer.hostname) || (isIP(issuer.hostname) === 4 && issuer.hostname.startsWith("127."));

const issuer = z.string().transform((text, ctx): URL => {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    ctx.addIssue({ code: "custom", message: "must be a URL like https://login.example.org/realms/members" });
    return z.NEVER;
  }
  const problem =
    url.protocol !== "https:" && !(url.protocol === "http:" && allowsPlainHttp(url))
      ? "must be an https:// URL (http:// only for a provider on this machine)"
      : url.search !== "" || url.hash !== ""
        ? "must have no query or fragment"
        : url.username !== "" || url.password !== ""
          ? "must not contain credentials (set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET)"
          : undefined;
  if (problem === undefined) return url;
  ctx.addIssue({ code: "custom", message: problem });
  return z.NEVER;
});

const required = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;

/**
 * OIDC_* variables: all three of issuer, client id and secret, or none (no
 * single sign-on). The secret is checked for presence only, so no message
 * can ever repeat it.
 */
export const oidcSchema = z
  .object({
    OIDC_ISSUER: issuer.optional(),
    OIDC_CLIENT_ID: z
      .string()
      .regex(/^[\x21-\x7e]{1,255}$/, "1 to 255 printable characters, no spaces")
      .optional(),
    OIDC_CLIENT_SECRET: z.string().min(1, "must not be empty").optional(),
    OIDC_PROVIDER_NAME: z.string().trim().min(1).max(80, "at most 80 characters").optional(),
    OIDC_SCOPES: z
      .string()
      .trim()
      .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, "scopes separated by single spaces")
      .refine((scopes) => scopes.split(" ").includes("openid"), "must include openid")
      .default("openid email"),
    OIDC_MEMBER_CLAIM: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,100}$/, "a claim name: letters, digits, _ . : - (at most 100)")
      .default("member_number"),
  })
  .superRefine((oidc, ctx) => {
    const given = required.filter((name) => oidc[name] !== undefined);
    if (given.length === 0 || given.length === required.length) return;
    for (const name of required.filter((name) => oidc[name] === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: `is required when ${given.join(" and ")} ${given.length > 1 ? "are" : "is"} set`,
      });
    }
  });

export type OidcConfig = z.infer<typeof oidcSchema>;

/** The provider the configuration names, or undefined for a deployment without single sign-on. */
export function oidcSettingsOf(config: OidcConfig): OidcSettings | undefined {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = config;
  if (OIDC_ISSUER === undefined || OIDC_CLIENT_ID === undefined || OIDC_CLIENT_SECRET === undefined) return undefined;
  return {
    issuer: OIDC_ISSUER,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    providerName: config.OIDC_PROVIDER_NAME ?? OIDC_ISSUER.hostname,
    scopes: config.OIDC_SCOPES,
    memberClaim: config.OIDC_MEMBER_CLAIM,
  };
}

/** The provider without the secret, for logs and the status page. */
export const describeOidc = (settings: OidcSettings): string => `${settings.issuer.href} (client ${settings.clientId})`;
