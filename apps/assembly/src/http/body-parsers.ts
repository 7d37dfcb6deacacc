import type { FastifyInstance } from "fastify";
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

/** `text/csv` bodies as a string, for the one route that takes a file; every other route accepts JSON only. */
export function installCsvParser(app: FastifyInstance): void {
  app.addContentTypeParser("text/csv", { parseAs: "string" }, (_request, body, done) => done(null, body));
}
