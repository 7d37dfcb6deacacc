import { useCallback, useEffect, useState } from "preact/hooks";
import type { ResponseOf, RouteSpec } from "../../../src/api/route.ts";
import { api, type CallInput, urlOf } from "../api.ts";

type Fetched<T> = { data: T | null; error: unknown; reload: () => void };

/** Calls read route `spec` on mount, whenever its URL changes and on `reload()`; the newest answer wins. */
export function useFetched<R extends RouteSpec>(spec: R, input: CallInput<R>): Fetched<ResponseOf<R>>;
/** GETs `path` (a route not in the API table yet) the same way. */
export function useFetched<T>(path: string): Fetched<T>;
export function useFetched(target: RouteSpec | string, input?: unknown): Fetched<unknown> {
  const [method, url] = typeof target === "string" ? ["GET", target] : [target.method, urlOf(target, input as CallInput<RouteSpec>)];
  const [data, setData] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let newest = true;
    api(method, url).then(
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
  }, [method, url, round]);
  const reload = useCallback(() => setRound((current) => current + 1), []);
  return { data, error, reload };
}
