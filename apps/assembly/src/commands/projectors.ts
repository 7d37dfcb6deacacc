import type { z } from "zod";
import { noInput } from "../api/schemas/common.ts";
import { newProjectorInput, projectorRef, renameProjectorInput, showOnProjectorInput } from "../api/schemas/projectors.ts";
import { DomainError } from "../domain/errors.ts";
import type { Projector, ProjectorContentInput } from "../domain/projector.ts";
import type { StoreOperations } from "../store/store.ts";
import { adminIn, audited, auditedCreation, auditedUpdate } from "./audit.ts";
import type { EventCommand, EventQuery } from "./command.ts";
import type { Effect } from "./effect.ts";
import { speakerListOf } from "./speaker-list-change.ts";
import { agendaItemOf, announcementOf, electionOf, motionOf, pollOf, projectorOf } from "./scoped.ts";

type ProjectorAnswer = { projector: Projector };

const projectorsChanged = (eventId: string): readonly Effect[] => [{ kind: "projectors", eventId }];

/** A draft is the chairs' working copy: the hall sees a vote once it opens. */
function refuseDraft(box: { status: string; id: string }): void {
  if (box.status === "draft") throw new DomainError("invalid_transition", "a draft is not shown on a screen", { id: box.id });
}

/** What the content names must be of the event, and be something the hall may see (no drafts, nothing withdrawn). */
async function checkShowable(tx: StoreOperations, eventId: string, content: ProjectorContentInput): Promise<void> {
  switch (content.kind) {
    case "auto":
    case "blank":
    case "countdown":
      return;
    case "agendaItem":
      await agendaItemOf(tx, eventId, content.agendaItemId);
      return;
    case "poll":
      refuseDraft(await pollOf(tx, eventId, content.pollId));
      return;
    case "election":
      refuseDraft(await electionOf(tx, eventId, content.electionId));
      return;
    case "announcement": {
      const announcement = await announcementOf(tx, eventId, content.announcementId);
      if (announcement.withdrawnAt !== null)
        throw new DomainError("invalid_transition", "this announcement was withdrawn", { announcementId: announcement.id });
      return;
    }
    case "speakers":
      await speakerListOf(tx, eventId, content.listId);
      return;
    case "motion":
      await motionOf(tx, eventId, content.motionId);
      return;
  }
}

export const listProjectors: EventQuery<object, { projectors: Projector[] }> = {
  name: "listProjectors",
  permission: "event.view",
  input: noInput,
  run: async ({ store }, { event }) => ({ projectors: await store.projectors.list(event.id) }),
};

/** A new screen of the event, following the day until a chair chooses what it shows. */
export const createProjector: EventCommand<z.output<typeof newProjectorInput>, ProjectorAnswer> = {
  name: "createProjector",
  permission: "projectors.run",
  input: newProjectorInput,
  async run({ store }, access, { name }) {
    const projector = await auditedCreation(store, adminIn(access), "projector.create", (tx) =>
      tx.projectors.create(access.event.id, name),
    );
    return { result: { projector }, effects: projectorsChanged(access.event.id) };
  },
};

export const renameProjector: EventCommand<z.output<typeof renameProjectorInput>, ProjectorAnswer> = {
  name: "renameProjector",
  permission: "projectors.run",
  input: renameProjectorInput,
  async run({ store }, access, { projectorId, name }) {
    const projector = await auditedUpdate(
      store,
      adminIn(access),
      "projector.rename",
      projectorId,
      (tx) => projectorOf(tx, access.event.id, projectorId),
      (tx) => tx.projectors.rename(projectorId, name),
    );
    return { result: { projector }, effects: projectorsChanged(access.event.id) };
  },
};

/** Chooses what one screen shows from now on; the audit log keeps what it showed before. */
export const showOnProjector: EventCommand<z.output<typeof showOnProjectorInput>, ProjectorAnswer> = {
  name: "showOnProjector",
  permission: "projectors.run",
  input: showOnProjectorInput,
  async run({ store }, access, { projectorId, content }) {
    const eventId = access.event.id;
    const projector = await audited(store, adminIn(access), "projector.show", async (tx) => {
      const before = await projectorOf(tx, eventId, projectorId);
      await checkShowable(tx, eventId, content);
      const after = await tx.projectors.show(projectorId, content);
      return { result: after, audit: { subject: projectorId, before: before.content, after: after.content } };
    });
    return { result: { projector }, effects: projectorsChanged(eventId) };
  },
};

/** Removes a screen; a page still showing it says so. */
export const deleteProjector: EventCommand<z.output<typeof projectorRef>, undefined> = {
  name: "deleteProjector",
  permission: "projectors.run",
  input: projectorRef,
  async run({ store }, access, { projectorId }) {
    await audited(store, adminIn(access), "projector.delete", async (tx) => {
      const before = await projectorOf(tx, access.event.id, projectorId);
      await tx.projectors.delete(projectorId);
      return { result: undefined, audit: { subject: projectorId, before } };
    });
    return { result: undefined, effects: projectorsChanged(access.event.id) };
  },
};
