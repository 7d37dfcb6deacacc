import { useEffect, useState } from "preact/hooks";

/**
 * A module loaded once `when` first holds, for parts of a screen a phone
 * needs only later (receipts, once there are votes): its first download
 * stays small. Null until loaded; a failed load is the error.
 */
export function useLazy<T>(load: () => Promise<T>, when: boolean): { module: T | null; error: unknown } {
  const [module, setModule] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!when || module !== null) return;
    let current = true;
    load().then(
      (loaded) => current && setModule(() => loaded),
      (caught: unknown) => current && setError(caught),
    );
    return () => {
      current = false;
    };
  }, [when]);
  return { module, error };
}
