import { useEffect } from "preact/hooks";
import type { None, RouteSpec } from "../../../src/api/route.ts";
import { ApiError, call } from "../api.ts";
import type { ConnectionStatus } from "./connection.ts";

/**
 * Signing out (or a revoked link) closes the identity's sockets on every node
 * and refuses each reconnect, which looks like a network problem from here.
 * After a second of "reconnecting" while the browser is online, asks the
 * session route `me`; only a signed-out answer (401) calls
 * `onSignedOut`: a network hiccup stays the connection banner's business.
 */
export function useSignedOutCheck(status: ConnectionStatus, me: RouteSpec<None, None, None>, onSignedOut: (error: ApiError) => void): void {
  useEffect(() => {
    if (status !== "reconnecting" || !navigator.onLine) return;
    const timer = setTimeout(() => {
      call(me, {}).catch((caught: unknown) => {
        if (caught instanceof ApiError && caught.status === 401) onSignedOut(caught);
      });
    }, 1000);
    return () => clearTimeout(timer);
  }, [status]);
}
