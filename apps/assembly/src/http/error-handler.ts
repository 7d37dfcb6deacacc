import type { FastifyError, FastifyInstance } from "fastify";
import type { ErrorBody, ErrorCode } from "../api/errors.ts";
import { isDomainError } from "../domain/errors.ts";
import { HttpError, statusOf } from "./http-error.ts";

function body(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Fastify's own refusals (body parsing, limits) in the API's vocabulary. */
const fastifyCodes: Readonly<Record<string, { code: ErrorCode; message: string }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: "malformed_json", message: "the body is not valid JSON" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: "malformed_json", message: "the body is empty but declared as JSON" },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: "body_too_large", message: "the body is too large" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: "unsupported_media_type", message: "unsupported content type" },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: "invalid", message: "content-length does not match the body" },
};

/**
 * Makes every error a JSON `{error: {...}}` with the right status. Unexpected
 * errors become 500 `internal` without details (they are logged with the
 * request id instead), so no stack or SQL leaks.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.status).send(body(error.code, error.message, error.details));
    }
    if (isDomainError(error)) {
      return reply.status(statusOf(error.code)).send(body(error.code, error.message, error.details));
    }
    const fastifyError = error as FastifyError;
    const known = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
    if (known) return reply.status(statusOf(known.code)).send(body(known.code, known.message));
    // Fastify reports its parser's SyntaxError (e.g. a __proto__ key) with status 400 and no code.
    if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
      return reply.status(400).send(body("malformed_json", "the body is not valid JSON"));
    }
    const status = fastifyError.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.status(status).send(body("bad_request", error.message));
    }
    request.log.error({ err: error }, "unhandled error");
    return reply.status(500).send(body("internal", "internal error"));
  });
}

/** Unknown routes in the same shape; installed on the /api scope only, so the host app keeps its own (e.g. a SPA fallback). */
export function installNotFoundHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(body("not_found", `no route for ${request.method} ${request.url.split("?")[0]}`)),
  );
}
