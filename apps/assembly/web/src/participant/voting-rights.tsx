import { t, useLanguage } from "../i18n.ts";
import type { ParticipantView } from "../model.ts";

/** "A and B" in the current language. */
function listOf(names: string[], language: string): string {
  return new Intl.ListFormat(language, { type: "conjunction" }).format(names);
}

/**
 * Whose ballots the member casts and how much each counts, in words: the
 * member's own vote and the proxies they carry, each with its weight, and
 * what a weight means. Nothing when they cast no ballot at all (delegated
 * away, or no voting right: the poll says so).
 */
export function VotingRights({ mine, selfId }: { mine: ParticipantView; selfId: string }) {
  const [language] = useLanguage();
  const ballots = mine.principals.filter((principal) => principal.eligible);
  if (ballots.length === 0) return null;
  const own = ballots.find((principal) => principal.id === selfId);
  const proxies = ballots.filter((principal) => principal.id !== selfId);
  const total = ballots.reduce((sum, principal) => sum + principal.weight, 0);
  const names = listOf(
    proxies.map((proxy) => proxy.name),
    language,
  );
  let summary = t(own ? "rights.withProxies" : "rights.proxiesOnly", { total, names });
  if (proxies.length === 0) summary = total === 1 ? t("rights.one") : t("rights.weighted", { weight: total });
  return (
    <section class="voting-rights" aria-labelledby="rights-title" data-testid="voting-rights">
      <h2 id="rights-title">{t("rights.title")}</h2>
      <p>{summary}</p>
      {proxies.length > 0 && (
        <ul class="rights-list">
          {ballots.map((principal) => (
            <li key={principal.id}>
              {principal.id === selfId ? t("rights.own") : t("rights.proxy", { name: principal.name })}:{" "}
              {t("rights.weight", { weight: principal.weight })}
            </li>
          ))}
        </ul>
      )}
      {total > 1 && <p class="muted">{t("rights.explain")}</p>}
    </section>
  );
}
