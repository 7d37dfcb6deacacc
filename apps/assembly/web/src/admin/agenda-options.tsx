import type { AgendaItem } from "../model.ts";

/** The agenda as the options of a select, in agenda order. */
export function AgendaOptions({ agenda }: { agenda: readonly Pick<AgendaItem, "id" | "title">[] }) {
  return (
    <>
      {agenda.map((item) => (
        <option key={item.id} value={item.id}>
          {item.title}
        </option>
      ))}
    </>
  );
}
