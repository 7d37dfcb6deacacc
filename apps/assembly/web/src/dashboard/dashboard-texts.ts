import { withShared } from "../i18n.ts";

/** The live dashboard's own texts, in its chunk: a participant's phone never downloads them (see `withShared`). */
const en = {
  "dashboard.title": "Live dashboard",
  "dashboard.refused": "No access to this event's dashboard.",
  "dashboard.waiting": "Waiting for data…",
  "dashboard.attendance": "Attendance over time",
  "dashboard.presentNow": "{present} present now",
  "dashboard.present": "Present",
  "dashboard.checkIns": "Check-ins",
  "dashboard.presentBy": "Present by group and region",
  "dashboard.none": "(none)",
  "dashboard.ballotsPerMinute": "Ballots per minute",
  "dashboard.ballots": "Ballots",
  "dashboard.noOpenPoll": "No open poll.",
  "dashboard.activity": "Most active",
  "dashboard.topPolls": "Polls",
  "dashboard.topAgenda": "Agenda items",
};

/** `t` for this screen: its own texts from this chunk, the shared ones from `i18n.ts`. */
export const t = withShared(en, {
  "dashboard.title": "Live-Dashboard",
  "dashboard.refused": "Kein Zugriff auf das Dashboard dieser Veranstaltung.",
  "dashboard.waiting": "Warte auf Daten…",
  "dashboard.attendance": "Anwesenheit im Verlauf",
  "dashboard.presentNow": "{present} jetzt anwesend",
  "dashboard.present": "Anwesend",
  "dashboard.checkIns": "Anwesenheitsmeldungen",
  "dashboard.presentBy": "Anwesend nach Gruppe und Region",
  "dashboard.none": "(keine)",
  "dashboard.ballotsPerMinute": "Stimmzettel pro Minute",
  "dashboard.ballots": "Stimmzettel",
  "dashboard.noOpenPoll": "Keine offene Abstimmung.",
  "dashboard.activity": "Am aktivsten",
  "dashboard.topPolls": "Abstimmungen",
  "dashboard.topAgenda": "Tagesordnungspunkte",
} satisfies Record<keyof typeof en, string>);
