/** Retries `check` until it stops throwing or `timeoutMs` passes, then rethrows its last error. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5_000, intervalMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
