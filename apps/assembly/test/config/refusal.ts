import { expect } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

/** The message `loadConfig` refuses `env` with; fails the test when it is accepted or throws anything else. */
export function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("the configuration was accepted");
}
