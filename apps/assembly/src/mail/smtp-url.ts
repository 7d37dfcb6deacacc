/** Where and how to reach the SMTP server, from SMTP_URL. */
export interface SmtpEndpoint {
  readonly host: string;
  readonly port: number;
  /** smtps://: TLS from the first byte (usually port 465); smtp:// upgrades with STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly user?: string;
  readonly password?: string;
}

/**
 * Parses `smtp://[user:password@]host[:port]` or `smtps://…` (credentials
 * URL-encoded). The error messages never repeat the URL, so a typo in it
 * cannot put a password into a log.
 */
export function parseSmtpUrl(text: string): SmtpEndpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error("must be a URL like smtp://user:password@mail.example.org:587 or smtps://…:465");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new Error("must start with smtp:// or smtps://");
  if (url.hostname === "") throw new Error("names no host");
  if ((url.pathname !== "" && url.pathname !== "/") || url.search !== "" || url.hash !== "") {
    throw new Error("must have no path, query or fragment: smtp://user:password@host:port");
  }
  const secure = url.protocol === "smtps:";
  const decode = (part: string, what: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new Error(`has a malformed ${what} (percent-encode special characters)`);
    }
  };
  const user = url.username === "" ? undefined : decode(url.username, "user name");
  const password = url.password === "" ? undefined : decode(url.password, "password");
  if (password !== undefined && user === undefined) throw new Error("has a password but no user name");
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port === "" ? (secure ? 465 : 587) : Number(url.port),
    secure,
    ...(user !== undefined ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}

/** The endpoint without credentials, for logs and the status page. */
export const describeSmtp = (endpoint: SmtpEndpoint): string =>
  `${endpoint.secure ? "smtps" : "smtp"}://${endpoint.host}:${endpoint.port}${endpoint.user ? " (authenticated)" : ""}`;
