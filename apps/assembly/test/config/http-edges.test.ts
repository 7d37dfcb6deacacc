import { describe, expect, it } from "vitest";
import { allowedOrigins, ConfigError, listeningBaseUrl, loadConfig } from "../../src/config.ts";

function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe("TRUST_PROXY", () => {
  it("is off unless set, and takes true, false, a hop count, or addresses and ranges", () => {
    expect(loadConfig({}).TRUST_PROXY).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.1, 10.1.0.0/16,::1, fd00::/8,loopback" }).TRUST_PROXY).toEqual([
      "10.0.0.1",
      "10.1.0.0/16",
      "::1",
      "fd00::/8",
      "loopback",
    ]);
  });

  it.each(["yes", "0", "21", "10.0.0.0/33", "::/129", "10.0.0.1/", "10.0.0.1/8/8", "proxy.example.org", "10.0.0.1,", ""])(
    "refuses %j, naming the variable and what it takes",
    (value) => {
      const message = configError({ TRUST_PROXY: value });
      expect(message).toContain("TRUST_PROXY");
      expect(message).toMatch(/hop count/);
    },
  );
});

describe("HTTP timeouts", () => {
  it("default to 120 s per request, 20 s for headers, 72 s keep-alive", () => {
    expect(loadConfig({})).toMatchObject({
      HTTP_REQUEST_TIMEOUT_MS: 120_000,
      HTTP_HEADERS_TIMEOUT_MS: 20_000,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: 72_000,
    });
    expect(
      loadConfig({ HTTP_REQUEST_TIMEOUT_MS: "30000", HTTP_HEADERS_TIMEOUT_MS: "5000", HTTP_KEEP_ALIVE_TIMEOUT_MS: "5000" }),
    ).toMatchObject({
      HTTP_REQUEST_TIMEOUT_MS: 30_000,
      HTTP_HEADERS_TIMEOUT_MS: 5_000,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: 5_000,
    });
  });

  it("refuses non-numbers, values out of range and a headers timeout above the request timeout", () => {
    expect(configError({ HTTP_REQUEST_TIMEOUT_MS: "soon" })).toContain("HTTP_REQUEST_TIMEOUT_MS");
    expect(configError({ HTTP_KEEP_ALIVE_TIMEOUT_MS: "0" })).toContain("HTTP_KEEP_ALIVE_TIMEOUT_MS");
    expect(configError({ HTTP_REQUEST_TIMEOUT_MS: "10000", HTTP_HEADERS_TIMEOUT_MS: "20000" })).toMatch(
      /HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS/,
    );
  });
});

describe("METRICS_PUBLIC", () => {
  it("is unset by default and takes only loopback", () => {
    expect(loadConfig({}).METRICS_PUBLIC).toBeUndefined();
    expect(loadConfig({ METRICS_PUBLIC: "loopback" }).METRICS_PUBLIC).toBe("loopback");
    expect(configError({ METRICS_PUBLIC: "everyone" })).toContain("METRICS_PUBLIC");
  });
});

describe("allowed origins", () => {
  it("are PUBLIC_URL's origin alone when it is set, whatever the listening address", () => {
    expect(allowedOrigins("https://Vote.Example.org:443/assembly/", { host: "0.0.0.0", port: 3000 })).toEqual(["https://vote.example.org"]);
    expect(allowedOrigins("http://10.0.0.5:8080", { host: "127.0.0.1", port: 3000 })).toEqual(["http://10.0.0.5:8080"]);
  });

  it("are the listening origins otherwise: a loopback address also as localhost", () => {
    expect(allowedOrigins(undefined, { host: "127.0.0.1", port: 3000 }).sort()).toEqual(["http://127.0.0.1:3000", "http://localhost:3000"]);
    expect(allowedOrigins(undefined, { host: "::1", port: 80 }).sort()).toEqual(["http://[::1]", "http://localhost"]);
    expect(allowedOrigins(undefined, { host: "localhost", port: 3000 })).toEqual(["http://localhost:3000"]);
    expect(allowedOrigins(undefined, { host: "192.0.2.5", port: 3000 })).toEqual(["http://192.0.2.5:3000"]);
  });

  it("cover every address of the machine for a wildcard host", () => {
    const origins = allowedOrigins(undefined, { host: "0.0.0.0", port: 3000 });
    expect(origins).toContain("http://localhost:3000");
    expect(origins).toContain("http://127.0.0.1:3000");
    expect(origins.every((origin) => origin.endsWith(":3000"))).toBe(true);
  });

  it("give invitation links the listening address, localhost for a wildcard host", () => {
    expect(listeningBaseUrl({ host: "127.0.0.1", port: 3000 })).toBe("http://127.0.0.1:3000");
    expect(listeningBaseUrl({ host: "0.0.0.0", port: 3000 })).toBe("http://localhost:3000");
    expect(listeningBaseUrl({ host: "::1", port: 3000 })).toBe("http://[::1]:3000");
  });
});
