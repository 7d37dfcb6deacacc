import * as client from "openid-client";
import type { IdentityProvider, VerifiedIdentity } from "../commands/sso.ts";
import { DomainError } from "../domain/errors.ts";
import type { LoginChecks } from "./login-secrets.ts";
import { allowsPlainHttp, type OidcSettings } from "./oidc-settings.ts";

const DISCOVERY_TIMEOUT_SECONDS = 10;

/** The OAuth error code or openid-client's check that failed, for logs: never a token or a secret. */
function reasonOf(error: unknown): string {
  if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError) return error.error;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : "unexpected";
}

/**
 * The app as an OpenID Connect relying party (openid-client): authorization
 * code flow with PKCE S256, state and nonce; the client authenticates with
 * its secret. The provider's metadata is discovered on first use and kept; a
 * failed discovery is tried again by the next login, so a provider that is
 * down when the app starts costs nothing but that login.
 */
export class OidcRelyingParty implements IdentityProvider {
  readonly #settings: OidcSettings;
  readonly #redirectUri: () => string;
  #configuration: Promise<client.Configuration> | undefined;

  constructor(settings: OidcSettings, redirectUri: () => string) {
    this.#settings = settings;
    this.#redirectUri = redirectUri;
  }

  get name(): string {
    return this.#settings.providerName;
  }

  get memberClaim(): string {
    return this.#settings.memberClaim;
  }

  #discovered(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret } = this.#settings;
    this.#configuration ??= client
      .discovery(issuer, clientId, undefined, client.ClientSecretBasic(clientSecret), {
        timeout: DISCOVERY_TIMEOUT_SECONDS,
        ...(issuer.protocol === "http:" && allowsPlainHttp(issuer) ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        this.#configuration = undefined;
        throw new DomainError("sso_unavailable", "the identity provider could not be reached", { reason: reasonOf(error) });
      });
    return this.#configuration;
  }

  async authorizationUrl(checks: LoginChecks): Promise<URL> {
    const configuration = await this.#discovered();
    return client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.#redirectUri(),
      scope: this.#settings.scopes,
      response_type: "code",
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: "S256",
    });
  }

  /**
   * Checks the callback and redeems its code: state, the `iss` parameter
   * where the provider sends one, the code at the token endpoint with the
   * PKCE verifier, and the ID token's signature, issuer, audience, expiry
   * and nonce (openid-client). Then the UserInfo claims for the same subject.
   */
  async verify(callbackQuery: string, checks: LoginChecks): Promise<VerifiedIdentity> {
    const configuration = await this.#discovered();
    const callback = new URL(this.#redirectUri());
    callback.search = callbackQuery;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims()!;
      const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
      return { subject: idToken.sub, claims: { ...userInfo, ...idToken } };
    } catch (error) {
      throw new DomainError("sso_failed", "the identity provider did not confirm the sign-in", { reason: reasonOf(error) });
    }
  }
}
