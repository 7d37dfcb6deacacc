/**
 * "A connection of this page is back": the socket reopened after it was
 * lost. Kept apart from `connection.ts` so screens without a socket (and
 * their chunks) need not load the socket client to listen.
 */
const listeners = new Set<() => void>();

/** Calls `listener` each time a connection is back online after losing it; returns the unsubscribe function. */
export function onReconnect(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function announceReconnect(): void {
  for (const listener of listeners) listener();
}
