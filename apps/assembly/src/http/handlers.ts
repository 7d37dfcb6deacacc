import type { FastifyReply, FastifyRequest } from "fastify";
import type { Command, EventCommand, EventQuery, Query } from "../commands/command.ts";
import type { Download } from "../commands/download.ts";
import type { HttpContext } from "./context.ts";
import type { RateLimiter } from "../auth/rate-limiter.ts";
import { isDomainError, type DomainErrorCode } from "../domain/errors.ts";
import { requireAdmin, requireAdminSession, requireEventAccess, requireParticipantActor } from "./guards.ts";
import { inputOf } from "./mount.ts";
import { eventParams } from "../api/schemas/common.ts";
import { parseWith } from "../commands/parse.ts";

/*
 * Route handlers as adapters: authenticate the caller, hand the request's
 * input to the command or query, answer with its result. Authorization comes
 * before the body is validated, so a stranger learns nothing from 400s.
 */

export type Handler<Result> = (request: FastifyRequest, reply: FastifyReply) => Promise<Result | FastifyReply>;

/** 200 with the result, or the given status (201 created, 204 with no body). */
function answer<Result>(reply: FastifyReply, result: Result, status: number): Result | FastifyReply {
  if (status === 200) return result;
  return status === 204 ? reply.status(204).send() : reply.status(status).send(result);
}

/** Sends a file as an attachment; `no-store`, so exports of personal data stay out of every cache. */
function sendFile(reply: FastifyReply, file: Download): FastifyReply {
  if (file.recordSha256 !== undefined) reply.header("x-record-sha256", file.recordSha256);
  return reply
    .type(file.contentType)
    .header("content-disposition", `attachment; filename="${file.filename}"`)
    .header("cache-control", "no-store")
    .send(file.body);
}

/** The event's id from the path and the rest of the input, which the command sees without it (its caller has the event). */
async function eventCaller(ctx: HttpContext, request: FastifyRequest, permission: EventQuery<unknown, unknown>["permission"]) {
  const { eventId } = parseWith(eventParams, request.params);
  const access = await requireEventAccess(ctx, request, eventId, permission);
  const { eventId: _, ...input } = inputOf(request);
  return { access, input };
}

export const eventCommand =
  <Input, Result>(ctx: HttpContext, command: EventCommand<Input, Result>, status = 200): Handler<Result> =>
  async (request, reply) => {
    const { access, input } = await eventCaller(ctx, request, command.permission);
    return answer(reply, await ctx.commands.run(command, access, input), status);
  };

export const eventQuery =
  <Input, Result>(ctx: HttpContext, query: EventQuery<Input, Result>): Handler<Result> =>
  async (request) => {
    const { access, input } = await eventCaller(ctx, request, query.permission);
    return ctx.commands.query(query, access, input);
  };

/** An event command whose result is a file to download (exports). */
export const eventDownload =
  <Input>(ctx: HttpContext, command: EventCommand<Input, Download>): Handler<never> =>
  async (request, reply) => {
    const { access, input } = await eventCaller(ctx, request, command.permission);
    return sendFile(reply, await ctx.commands.run(command, access, input));
  };

/**
 * An event command whose input is the query with the request's raw body as
 * `file` (a CSV upload; the scope's parser leaves its bytes unparsed). A
 * `file` in the query replaces the bytes, and the command refuses it as not a file.
 */
export const eventUpload =
  <Input, Result>(ctx: HttpContext, command: EventCommand<Input, Result>): Handler<Result> =>
  async (request) => {
    const { access, input } = await uploadCaller(ctx, request, command.permission);
    return ctx.commands.run(command, access, input);
  };

/** An event query over an upload (a preview of what importing it would do). */
export const eventUploadQuery =
  <Input, Result>(ctx: HttpContext, query: EventQuery<Input, Result>): Handler<Result> =>
  async (request) => {
    const { access, input } = await uploadCaller(ctx, request, query.permission);
    return ctx.commands.query(query, access, input);
  };

async function uploadCaller(ctx: HttpContext, request: FastifyRequest, permission: EventQuery<unknown, unknown>["permission"]) {
  const { eventId } = parseWith(eventParams, request.params);
  const access = await requireEventAccess(ctx, request, eventId, permission);
  return { access, input: { file: request.body, ...(request.query as object) } };
}

/** Adapters for commands whose caller is whoever `authenticate` finds the request's credential to name. */
function adaptersFor<Caller>(authenticate: (ctx: HttpContext, request: FastifyRequest) => Promise<Caller>) {
  return {
    command:
      <Input, Result>(ctx: HttpContext, command: Command<Caller, Input, Result>, status = 200): Handler<Result> =>
      async (request, reply) =>
        answer(reply, await ctx.commands.run(command, await authenticate(ctx, request), inputOf(request)), status),
    query:
      <Input, Result>(ctx: HttpContext, query: Query<Caller, Input, Result>): Handler<Result> =>
      async (request) =>
        ctx.commands.query(query, await authenticate(ctx, request), inputOf(request)),
  };
}

const participant = adaptersFor(requireParticipantActor);
export const participantCommand = participant.command;
export const participantQuery = participant.query;

/** A signed-in admin outside any one event (their event list, a new event). */
const admin = adaptersFor(requireAdmin);
export const adminCommand = admin.command;
export const adminQuery = admin.query;

/** An admin's own session: the caller carries its token (signing out ends it, a password change keeps it). */
const adminSession = adaptersFor(requireAdminSession);
export const adminSessionCommand = adminSession.command;

/**
 * Runs a sign-in command (no caller yet) and counts its `refusal` (a wrong
 * password, an unknown token) against the client address's budget; the
 * route's `rateLimited` hooks refuse clients over it and count 5xx answers.
 */
export async function signIn<Input, Result>(
  ctx: HttpContext,
  request: FastifyRequest,
  limiter: RateLimiter,
  refusal: DomainErrorCode,
  command: Command<undefined, Input, Result>,
): Promise<Result> {
  try {
    return await ctx.commands.run(command, undefined, inputOf(request));
  } catch (error) {
    if (isDomainError(error, refusal)) limiter.hit(request.ip);
    throw error;
  }
}
