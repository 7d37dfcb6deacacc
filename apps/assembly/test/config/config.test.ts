import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadBallotSecret, loadConfig } from "../../src/config.ts";

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

describe("ballot secret", () => {
  const hex = "a1".repeat(32);
  const base64 = Buffer.alloc(32, 7).toString("base64");

  it("takes BALLOT_SECRET as hex or base64 of at least 32 bytes", () => {
    expect(loadConfig({ BALLOT_SECRET: hex }).BALLOT_SECRET).toEqual(Buffer.from(hex, "hex"));
    expect(loadConfig({ BALLOT_SECRET: ` ${base64}\n` }).BALLOT_SECRET).toEqual(Buffer.alloc(32, 7));
    expect(loadConfig({ BALLOT_SECRET: Buffer.alloc(48, 9).toString("base64url") }).BALLOT_SECRET).toEqual(Buffer.alloc(48, 9));
    expect(loadConfig({}).BALLOT_SECRET).toBeUndefined();
  });

  it("refuses a malformed or short BALLOT_SECRET, naming the variable but never repeating the value", () => {
    for (const [value, problem] of [
      ["not a secret!", /hex or base64/],
      ["ab".repeat(31), /at least 32 bytes \(it holds 31\)/],
      [Buffer.alloc(16).toString("base64"), /at least 32 bytes/],
      ["", /hex or base64/],
    ] as const) {
      let error: unknown;
      try {
        loadConfig({ BALLOT_SECRET: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain("BALLOT_SECRET");
      expect((error as Error).message).toMatch(problem);
      if (value !== "") expect((error as Error).message).not.toContain(value);
    }
  });

  describe("without BALLOT_SECRET", () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "plenum-config-"));
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it("generates a key file on first start, readable by its owner only, and reads the same one afterwards", () => {
      const dataDir = join(dir, "data");
      const first = loadBallotSecret(dataDir, undefined);
      expect(first.file).toBe(join(dataDir, "ballot-secret.key"));
      expect(first.secret).toHaveLength(32);
      expect((statSync(first.file!).mode & 0o777).toString(8)).toBe("600");
      expect((statSync(dataDir).mode & 0o777).toString(8)).toBe("700");
      expect(loadBallotSecret(dataDir, undefined).secret).toEqual(first.secret);
      expect(readdirSync(dataDir)).toEqual(["ballot-secret.key"]);
    });

    it("prefers BALLOT_SECRET over the file, and refuses a malformed file by name", () => {
      const given = Buffer.alloc(32, 1);
      expect(loadBallotSecret(dir, given)).toEqual({ secret: given });
      expect(existsSync(join(dir, "ballot-secret.key"))).toBe(false);
      writeFileSync(join(dir, "ballot-secret.key"), "short\n");
      expect(() => loadBallotSecret(dir, undefined)).toThrow(ConfigError);
      expect(() => loadBallotSecret(dir, undefined)).toThrow(/ballot-secret\.key: must hold at least 32 bytes/);
    });
  });
});

it("takes PUBLIC_URL only as an http(s) URL, since its origin is the one allowed to use the sockets", () => {
  expect(loadConfig({ PUBLIC_URL: "https://assembly.example.org/" }).PUBLIC_URL).toBe("https://assembly.example.org/");
  expect(() => loadConfig({ PUBLIC_URL: "ftp://assembly.example.org" })).toThrow(/PUBLIC_URL: must be an http:\/\/ or https:\/\/ URL/);
});
