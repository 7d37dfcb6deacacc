import type { FastifyInstance } from "fastify";
import { HttpError } from "./http-error.ts";
import { rejectNul } from "./validate.ts";

/**
 * Makes JSON the only body type of `app`'s scope (anything else, Fastify's
 * built-in text/plain included, is 415), so no form of another site gets a
 * body in without a CORS preflight. JSON is parsed as Fastify does
 * (prototype-poisoning keys refused), then refused with 400 when any string,
 * key or value at any depth holds a NUL: PostgreSQL cannot store one, and
 * SQLite would keep what no other tool shows.
 */
export function acceptJsonOnly(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    parseJson(request, body as string, (error, value) => {
      if (error) return done(error, undefined);
      try {
        rejectNul(value, "body");
        done(null, value);
      } catch (refusal) {
        done(refusal as Error, undefined);
      }
    });
  });
}

/** The physical line (1-based; LF, CRLF or CR end one) that `index` of `text` is on. */
const lineAt = (text: string, index: number): number => 1 + (text.slice(0, index).match(/\r\n|\r|\n/g)?.length ?? 0);

/**
 * `text/csv` bodies as a string, for the one route that takes a file; every
 * other route accepts JSON only. A file with a NUL character is refused
 * whole, as a CSV problem of its line (422 `csv_invalid`), for the same
 * reason as in JSON.
 */
export function installCsvParser(app: FastifyInstance): void {
  app.addContentTypeParser("text/csv", { parseAs: "string" }, (_request, body, done) => {
    const text = body as string;
    const nul = text.indexOf("\0");
    if (nul < 0) return done(null, text);
    const errors = [{ line: lineAt(text, nul), reason: "contains a NUL character (U+0000)" }];
    done(new HttpError("csv_invalid", "nothing was imported: 1 line(s) have problems", { errors }), undefined);
  });
}
