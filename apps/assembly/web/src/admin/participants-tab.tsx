import { useState } from "preact/hooks";
import { mayChange, type ConsoleContext } from "./console-context.ts";
import { ImportPanel } from "./import-panel.tsx";
import { ParticipantList } from "./participant-list.tsx";
import { ProxyPanel } from "./proxy-panel.tsx";

export function ParticipantsTab({ ctx }: { ctx: ConsoleContext }) {
  // Bumped after an import so the list shows the new rows at once.
  const [version, setVersion] = useState(0);
  return (
    <div class="stack">
      {mayChange(ctx) && (
        <ImportPanel
          eventId={ctx.eventId}
          onImported={() => {
            setVersion((current) => current + 1);
            ctx.reload();
          }}
        />
      )}
      <ParticipantList ctx={ctx} version={version} />
      <ProxyPanel eventId={ctx.eventId} version={version} manage={mayChange(ctx)} />
    </div>
  );
}
