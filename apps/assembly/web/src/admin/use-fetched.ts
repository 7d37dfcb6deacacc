import { useCallback, useEffect, useState } from "preact/hooks";
import type { ResponseOf, RouteSpec } from "../../../src/api/route.ts";
import { type CallInput, call, urlOf } from "../api.ts";

type Fetched<T> = { data: T | null; error: unknown; reload: () => void };

/** Calls read route `spec` on mount, whenever its URL changes and on `reload()`; the newest answer wins. */
export function useFetched<R extends RouteSpec>(spec: R, input: CallInput<R>): Fetched<ResponseOf<R>> {
  const url = urlOf(spec, input);
  const [data, setData] = useState<ResponseOf<R> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let newest = true;
    call(spec, input).then(
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
  }, [spec.method, url, round]);
  const reload = useCallback(() => setRound((current) => current + 1), []);
  return { data, error, reload };
}
