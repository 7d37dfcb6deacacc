/**
 * Preloaded (`--import`) into every server under test: when the runner's
 * IPC channel closes — the runner ended, even by SIGKILL — the server exits
 * too, so no bench server outlives its run.
 */
process.on("disconnect", () => process.exit(0));
