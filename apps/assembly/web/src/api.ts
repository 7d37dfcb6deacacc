import { type Attachment, type BodyOf, type ParamsOf, pathOf, type QueryOf, type ResponseOf, type RouteSpec } from "../../src/api/route.ts";

/** An error answer of the API (`{error: {code, message, details?}}`), or a network failure (`code` "network"). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

async function send(method: string, path: string, json?: unknown): Promise<Response> {
  const init: RequestInit = { method, credentials: "same-origin", headers: { accept: "application/json" } };
  if (json !== undefined) {
    init.headers = { accept: "application/json", "content-type": "application/json" };
    init.body = JSON.stringify(json);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiError(0, "network", error instanceof Error ? error.message : String(error));
  }
  if (response.ok) return response;
  throw errorOf(response.status, response.statusText, await response.text().catch(() => ""));
}

/** Calls the JSON API; resolves to the parsed answer (undefined for 204), rejects with `ApiError`. */
async function api<T>(method: string, path: string, json?: unknown): Promise<T> {
  const response = await send(method, path, json);
  // 204, and a 202 that only says "accepted", carry no body.
  const text = response.status === 204 ? "" : await response.text();
  return (text === "" ? undefined : JSON.parse(text)) as T;
}

/** What a call of route `R` sends: its path parameters, query and body, each where the route has one. */
export type CallInput<R extends RouteSpec> = (keyof ParamsOf<R> extends never ? { params?: undefined } : { params: ParamsOf<R> }) &
  (QueryOf<R> extends undefined ? { query?: undefined } : { query: QueryOf<R> }) &
  (BodyOf<R> extends undefined ? { body?: undefined } : { body: BodyOf<R> });

/** The URL a call of `spec` goes to: the path from `params`, the query string from `query` (undefined values left out). */
export function urlOf<R extends RouteSpec>(spec: R, input: CallInput<R>): string {
  const path = pathOf(spec, (input.params ?? {}) as Record<string, string>);
  const entries = Object.entries((input.query ?? {}) as Record<string, unknown>).filter(([, value]) => value !== undefined);
  return entries.length === 0 ? path : `${path}?${new URLSearchParams(entries.map(([key, value]) => [key, String(value)]))}`;
}

/** Calls a route of the API table at `urlOf(spec, input)`; the body and the answer have the route's types. Rejects with `ApiError`. */
export function call<R extends RouteSpec>(spec: R, input: CallInput<R>): Promise<ResponseOf<R>> {
  return api<ResponseOf<R>>(spec.method, urlOf(spec, input), input.body);
}

function errorOf(status: number, statusText: string, text: string): ApiError {
  let error: { code?: string; message?: string; details?: unknown } | undefined;
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error;
  } catch {
    error = undefined;
  }
  return new ApiError(status, error?.code ?? `http_${status}`, error?.message ?? statusText, error?.details);
}

/**
 * Uploads a CSV file's bytes as they are to route `spec` (the server decodes them in the
 * encoding the query names, and refuses what does not decode), reporting the
 * share sent (0..1) as it goes: XHR, because fetch cannot report upload
 * progress, and a 20 MB member list on a venue's Wi-Fi takes long enough to
 * need it.
 */
export function uploadCsv<R extends RouteSpec>(
  spec: R,
  input: Omit<CallInput<R>, "body">,
  csv: Blob,
  onProgress: (sent: number) => void,
): Promise<ResponseOf<R>> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(spec.method, urlOf(spec, input as CallInput<R>));
    request.setRequestHeader("content-type", "text/csv");
    request.setRequestHeader("accept", "application/json");
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) resolve(JSON.parse(request.responseText) as ResponseOf<R>);
      else reject(errorOf(request.status, request.statusText, request.responseText));
    };
    request.onerror = () => reject(new ApiError(0, "network", "the upload failed"));
    request.send(csv);
  });
}

/** Fetches a file a route of the API makes (exports) and hands it to the browser as a download; resolves to its content. */
export async function download<R extends RouteSpec<unknown, unknown, unknown, Attachment>>(
  spec: R,
  input: CallInput<R>,
  filename: string,
): Promise<Blob> {
  const blob = await (await send(spec.method, urlOf(spec, input))).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download synchronously; the URL can go once it is read.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return blob;
}
