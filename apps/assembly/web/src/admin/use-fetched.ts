import { useCallback, useEffect, useState } from "preact/hooks";
import { api } from "../api.ts";

/** GETs `path` on mount and on `reload()`; the newest answer wins. */
export function useFetched<T>(path: string): { data: T | null; error: unknown; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let newest = true;
    api<T>("GET", path).then(
      (answer) => {
        if (!newest) return;
        setData(answer);
        setError(null);
      },
      (caught: unknown) => newest && setError(caught),
    );
    return () => {
      newest = false;
    };
  }, [path, round]);
  const reload = useCallback(() => setRound((current) => current + 1), []);
  return { data, error, reload };
}
