import { useCallback, useRef, useState } from "preact/hooks";

export interface Action<A extends unknown[]> {
  /** Stable across renders; calls made while the action runs are ignored (double clicks). */
  run: (...args: A) => Promise<void>;
  busy: boolean;
  /** The last run's error, cleared when the next run starts. */
  error: unknown;
}

/** Wraps an async action with its busy flag and last error. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>): Action<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(action);
  latest.current = action;
  const running = useRef(false);
  const run = useCallback(async (...args: A) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await latest.current(...args);
    } catch (caught) {
      setError(caught);
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { run, busy, error };
}
