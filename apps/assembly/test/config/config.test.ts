import { expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

it("runs on defaults with an empty environment, data under ./data of where npm was started", () => {
  const config = loadConfig({ INIT_CWD: "/srv/plenum" });
  expect(config).toMatchObject({ PORT: 3000, HOST: "127.0.0.1", DATA_DIR: "/srv/plenum/data", ADMIN_EMAIL: "admin@example.org" });
  expect(config.DATABASE_URL).toBeUndefined();
  expect(config.REDIS_URL).toBeUndefined();
});

it("names every bad variable instead of falling back to a default", () => {
  let error: unknown;
  try {
    loadConfig({ PORT: "99999", DATABASE_URL: "mysql://x", ADMIN_PASSWORD: "short", NODE_NAME: "a b" });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as Error).message;
  for (const name of ["PORT", "DATABASE_URL", "ADMIN_PASSWORD", "NODE_NAME"]) expect(message).toContain(name);
});

it("takes PUBLIC_URL only as an http(s) URL, since its origin is the one allowed to use the sockets", () => {
  expect(loadConfig({ PUBLIC_URL: "https://assembly.example.org/" }).PUBLIC_URL).toBe("https://assembly.example.org/");
  expect(() => loadConfig({ PUBLIC_URL: "ftp://assembly.example.org" })).toThrow(/PUBLIC_URL: must be an http:\/\/ or https:\/\/ URL/);
});
