import { request } from "node:http";

export interface HttpAnswer {
  /** 0 when no answer came (refused connection, reset, timeout). */
  readonly status: number;
  readonly body: unknown;
  readonly setCookie: readonly string[];
}

export interface HttpCall {
  readonly method: "GET" | "POST";
  readonly body?: unknown;
  readonly bearer?: string;
  readonly cookie?: string;
  /** Source address (127.0.0.x): the app's rate limits count per client address, as they would per phone. */
  readonly localAddress?: string;
  readonly timeoutMs?: number;
}

/** One JSON request on a fresh connection, as a phone's would be; never throws. */
export function httpJson(url: string, call: HttpCall): Promise<HttpAnswer> {
  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  const headers: Record<string, string | number> = {
    ...(body !== undefined ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {}),
    ...(call.bearer ? { authorization: `Bearer ${call.bearer}` } : {}),
    ...(call.cookie ? { cookie: call.cookie } : {}),
  };
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: call.method,
        headers,
        timeout: call.timeoutMs ?? 30_000,
        ...(call.localAddress ? { localAddress: call.localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON: kept as text for the error report.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, setCookie: res.headers["set-cookie"] ?? [] });
        });
        res.on("error", () => resolve({ status: 0, body: "response aborted", setCookie: [] }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (error) => resolve({ status: 0, body: String(error), setCookie: [] }));
    req.end(body);
  });
}

/** Throws unless the answer is 2xx; returns its body. */
export function expectOk<T>(what: string, answer: HttpAnswer): T {
  if (answer.status < 200 || answer.status >= 300) throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as T;
}
