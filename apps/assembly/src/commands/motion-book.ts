import { z } from "zod";
import { motionBookPdf } from "../pdf/motion-book.ts";
import { recordRead } from "./audit.ts";
import type { EventCommand } from "./command.ts";
import type { Download } from "./download.ts";
import { unwatched } from "./effect.ts";

export const motionBookInput = z.strictObject({ language: z.enum(["en", "de"]).default("en") });

/** The motion book as a PDF, in the order motions were made; recorded in the audit log like every export. */
export const motionBook: EventCommand<z.output<typeof motionBookInput>, Download> = {
  name: "motionBook",
  permission: "event.view",
  input: motionBookInput,
  async run({ store }, access, { language }) {
    const eventId = access.event.id;
    const [settings, motions] = await Promise.all([store.motions.settings(eventId), store.motions.list(eventId)]);
    const entries = await Promise.all(
      motions.map(async (motion) => ({ motion, amendments: await store.motions.listAmendments(motion.id) })),
    );
    const ids = new Set(
      entries.flatMap(({ motion, amendments }) =>
        [motion, ...amendments].flatMap((item) => item.submitters.flatMap((s) => (s.kind === "participant" ? [s.participantId] : []))),
      ),
    );
    const names = new Map(await Promise.all([...ids].map(async (id) => [id, (await store.participants.get(id)).name] as const)));
    const body = await motionBookPdf({ eventName: access.event.name, settings, entries, names, language, createdAt: new Date() });
    await recordRead(store, access, "export.motion_book");
    return {
      result: { contentType: "application/pdf", filename: `motions-${eventId}.pdf`, body },
      effects: unwatched("a download changes nothing shown; the audit log is read on request"),
    };
  },
};
