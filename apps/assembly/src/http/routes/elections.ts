import type { FastifyInstance } from "fastify";
import { electionRoutes, participantElectionRoutes } from "../../api/routes/elections.ts";
import { castElectionBallot } from "../../commands/cast-election-ballot.ts";
import * as elections from "../../commands/elections.ts";
import { nominateCandidate } from "../../commands/nominate.ts";
import type { HttpContext } from "../context.ts";
import { eventCommand, eventDownload, eventQuery, participantCommand } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** Candidate elections: the admins' routes (see `commands/elections.ts`) and the participants' voting and nominating. */
export function serveElections(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, electionRoutes, {
    listElections: eventQuery(ctx, elections.listElections),
    createElection: eventCommand(ctx, elections.createElection, 201),
    getElection: eventQuery(ctx, elections.getElection),
    updateElection: eventCommand(ctx, elections.updateElection),
    deleteElection: eventCommand(ctx, elections.deleteElection, 204),
    addCandidate: eventCommand(ctx, elections.addCandidate),
    withdrawCandidate: eventCommand(ctx, elections.withdrawCandidate),
    reorderCandidates: eventCommand(ctx, elections.reorderCandidates),
    openNominations: eventCommand(ctx, elections.openNominations),
    closeNominations: eventCommand(ctx, elections.closeNominations),
    openElection: eventCommand(ctx, elections.openElection),
    closeElection: eventCommand(ctx, elections.closeElection),
    publishElection: eventCommand(ctx, elections.publishElection),
    createRunoff: eventCommand(ctx, elections.createRunoff, 201),
    decideTie: eventCommand(ctx, elections.decideTie),
    setElectionPaper: eventCommand(ctx, elections.setElectionPaper),
    clearElectionPaper: eventCommand(ctx, elections.clearElectionPaper),
    electionBallots: eventQuery(ctx, elections.electionBallots),
    exportElection: eventDownload(ctx, elections.exportElection),
  });
  mountRoutes(app, participantElectionRoutes, {
    castElectionBallot: participantCommand(ctx, castElectionBallot),
    nominateCandidate: participantCommand(ctx, nominateCandidate),
  });
}
