import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";
import type { OidcSettings } from "../../src/sso/oidc-settings.ts";

/** The claims a test member has at the provider, besides `sub` (their login). */
export type MemberClaims = Record<string, unknown>;

const CLIENT_ID = "plenum-test";

/**
 * A real OpenID Connect provider (`oidc-provider`) on 127.0.0.1 port 0, with
 * its development login page (any login, any password) and one confidential
 * client. The port is taken first, so the app can be configured with the
 * issuer before its own address, the client's redirect URI, is known
 * (`register`). Members are whatever `addMember` made; consent is implied
 * for the client, as for a first-party member portal.
 */
export class TestOidcProvider {
  readonly #server: Server;
  readonly #members = new Map<string, MemberClaims>();
  readonly clientSecret = randomBytes(24).toString("base64url");
  #handler: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  #closed = false;

  private constructor() {
    this.#server = createServer((request, response) => {
      if (this.#handler) this.#handler(request, response);
      else response.writeHead(503).end("no client registered yet");
    });
  }

  static async start(): Promise<TestOidcProvider> {
    const provider = new TestOidcProvider();
    await new Promise<void>((resolve) => provider.#server.listen(0, "127.0.0.1", resolve));
    return provider;
  }

  get issuer(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** What the app's configuration says about this provider. */
  settings(overrides: Partial<OidcSettings> = {}): OidcSettings {
    return {
      issuer: new URL(this.issuer),
      clientId: CLIENT_ID,
      clientSecret: this.clientSecret,
      providerName: "Party Members",
      scopes: "openid email member",
      memberClaim: "member_number",
      ...overrides,
    };
  }

  addMember(login: string, claims: MemberClaims): void {
    this.#members.set(login, claims);
  }

  /** Starts answering, for a client redirecting to `redirectUri`. Once. */
  register(redirectUri: string): void {
    if (this.#handler) throw new Error("a client is registered already");
    const members = this.#members;
    const configuration: Configuration = {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: this.clientSecret,
          redirect_uris: [redirectUri],
          response_types: ["code"],
          grant_types: ["authorization_code"],
        },
      ],
      claims: { openid: ["sub"], email: ["email", "email_verified"], member: ["member_number"] },
      cookies: { keys: [randomBytes(32).toString("hex")] },
      pkce: { required: () => true },
      ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
      findAccount: async (_ctx, sub) => {
        const claims = members.get(sub);
        return claims === undefined ? undefined : { accountId: sub, claims: async () => ({ sub, ...claims }) };
      },
      async loadExistingGrant(ctx) {
        const { client, session } = ctx.oidc;
        const grantId = ctx.oidc.result?.consent?.grantId ?? session?.grantIdFor(client!.clientId);
        if (grantId) return ctx.oidc.provider.Grant.find(grantId);
        const grant = new ctx.oidc.provider.Grant({ clientId: client!.clientId, accountId: session!.accountId! });
        grant.addOIDCScope("openid email member");
        await grant.save();
        return grant;
      },
    };
    this.#handler = new Provider(this.issuer, configuration).callback();
  }

  /**
   * Signs `login` in as a browser would, without one: follows the
   * authorization URL to the login form, submits it, and returns the URL the
   * provider redirects back to (the app's callback with code and state).
   */
  async signIn(authorizationUrl: string, login: string): Promise<URL> {
    const jar = new Map<string, string>();
    const step = async (url: string, init: RequestInit = {}): Promise<Response> => {
      const response = await fetch(new URL(url, this.issuer), {
        ...init,
        redirect: "manual",
        headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; ") },
      });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair = ""] = cookie.split(";");
        const at = pair.indexOf("=");
        jar.set(pair.slice(0, at), pair.slice(at + 1));
      }
      return response;
    };
    let response = await step(authorizationUrl);
    const form = await step(response.headers.get("location")!);
    const action = /action="([^"]+)"/.exec(await form.text())?.[1];
    if (action === undefined) throw new Error("the provider showed no login form");
    response = await step(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ prompt: "login", login, password: "any" }).toString(),
    });
    for (let hops = 0; hops < 5; hops += 1) {
      const location = new URL(response.headers.get("location")!, this.issuer);
      if (location.origin !== this.issuer) return location;
      response = await step(location.href);
    }
    throw new Error("the provider did not redirect back");
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
