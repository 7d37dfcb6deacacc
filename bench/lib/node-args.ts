/**
 * Node options for bench child processes: tsx as an in-process loader,
 * resolved from this file so runs work from any working directory.
 */
export const tsxNodeArgs: readonly string[] = ["--import", import.meta.resolve("tsx")];
