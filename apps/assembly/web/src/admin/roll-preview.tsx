import type { RollPreview } from "../../../src/api/routes/participants.ts";
import type { FieldChange, RollField } from "../../../src/domain/roll-update.ts";
import { type ConsoleKey, t } from "./console-texts.ts";

const fieldLabels: Record<RollField, ConsoleKey> = {
  name: "participants.name",
  email: "participants.email",
  memberNumber: "participants.memberNumber",
  group: "participants.group",
  region: "participants.region",
  weight: "participants.weight",
  eligible: "participant.eligible",
  language: "participants.language",
};

function valueText(value: FieldChange["before"]): string {
  if (value === null || value === "") return "—";
  if (typeof value === "boolean") return t(value ? "yes" : "no");
  return String(value);
}

function Group({ title, count, shown, children }: { title: string; count: number; shown: number; children: preact.ComponentChildren }) {
  if (count === 0) return null;
  return (
    <section class="stack" aria-label={title}>
      <h4>{title}</h4>
      <ul class="roll-list">{children}</ul>
      {shown < count && <p class="muted">{t("roll.more", { count: count - shown })}</p>}
    </section>
  );
}

/** What a roll update would do, for the chair to check before it is applied: every group counted, the first rows listed. */
export function RollPreviewView({ preview }: { preview: RollPreview }) {
  const { added, changed, unchanged, removed, kept } = preview;
  return (
    <div class="stack roll-preview" data-testid="roll-preview">
      <p role="status">
        {t("roll.summary", { added: added.count, changed: changed.count, unchanged, removed: removed.count, kept: kept.count })}
      </p>
      <Group title={t("roll.added", { count: added.count })} count={added.count} shown={added.rows.length}>
        {added.rows.map((row) => (
          <li key={row.email}>
            {row.name} <span class="muted">{row.email}</span>
          </li>
        ))}
      </Group>
      <Group title={t("roll.changed", { count: changed.count })} count={changed.count} shown={changed.rows.length}>
        {changed.rows.map((row) => (
          <li key={row.participantId}>
            {row.name} <span class="muted">{row.email}</span>:{" "}
            {row.changes.map((change) => (
              <span key={change.field} class="roll-change">
                {t(fieldLabels[change.field])} <del>{valueText(change.before)}</del> → <ins>{valueText(change.after)}</ins>
              </span>
            ))}
          </li>
        ))}
      </Group>
      <Group title={t("roll.removed", { count: removed.count })} count={removed.count} shown={removed.rows.length}>
        {removed.rows.map((row) => (
          <li key={row.participantId}>
            {row.name} <span class="muted">{row.email}</span>
          </li>
        ))}
      </Group>
      <Group title={t("roll.kept", { count: kept.count })} count={kept.count} shown={kept.rows.length}>
        {kept.rows.map((row) => (
          <li key={row.participantId}>
            {row.name} <span class="muted">{row.email}</span>
            {row.onRecord && <span class="muted"> — {t("roll.onRecord")}</span>}
          </li>
        ))}
      </Group>
    </div>
  );
}
