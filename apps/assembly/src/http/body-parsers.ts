import { csvRowError } from "../api/csv-row-errors.ts";
import type { FastifyInstance } from "fastify";
import { HttpError } from "./http-error.ts";
import { rejectNul } from "./nul-characters.ts";

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

/** The physical line (1-based; LF, CRLF or CR end one) that byte `index` of `bytes` is on. */
function lineAt(bytes: Buffer, index: number): number {
  let line = 1;
  for (let at = 0; at < index; at++) {
    if (bytes[at] === 0x0a || (bytes[at] === 0x0d && bytes[at + 1] !== 0x0a)) line += 1;
  }
  return line;
}

/**
 * `text/csv` bodies as bytes, for the one route that takes a file (every
 * other route accepts JSON only): the import decodes them itself, refusing
 * invalid UTF-8 instead of reading U+FFFD. A file with a NUL byte is refused
 * whole, as a CSV problem of its line (422 `csv_invalid`), for the same
 * reason as in JSON; in UTF-8 and Windows-1252 alike 0x00 is only ever NUL.
 */
export function installCsvParser(app: FastifyInstance): void {
  app.addContentTypeParser("text/csv", { parseAs: "buffer" }, (_request, body, done) => {
    const bytes = body as Buffer;
    const nul = bytes.indexOf(0);
    if (nul < 0) return done(null, bytes);
    const errors = [csvRowError(lineAt(bytes, nul), { code: "nul_character", params: {} })];
    done(new HttpError("csv_invalid", "nothing was imported: 1 line(s) have problems", { errors }), undefined);
  });
}
