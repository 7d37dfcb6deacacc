import type { Serializer } from "./serializer.ts";

interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: boolean;
}

const NUMBER = "(0|[1-9][0-9]*)";
/** Dot-separated identifiers of [0-9A-Za-z-]; numeric ones without leading zeros (as Elixir's Version). */
const PRERELEASE = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
const BUILD = "[0-9A-Za-z-]+";
const SEMVER = new RegExp(`^${NUMBER}\\.${NUMBER}\\.${NUMBER}(-${PRERELEASE}(?:\\.${PRERELEASE})*)?(?:\\+${BUILD}(?:\\.${BUILD})*)?$`);

function parse(text: string): Version | undefined {
  const match = SEMVER.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease: match[4] !== undefined };
}

/**
 * `~> base` as Elixir reads it: same major and minor, and not below `base`
 * (so `2.0.0-rc.1` is out, `2.0.1-rc.1` in; build metadata is ignored).
 */
function compatible(version: Version, base: Version): boolean {
  if (version.major !== base.major || version.minor !== base.minor) return false;
  return version.patch > base.patch || (version.patch === base.patch && !version.prerelease);
}

/**
 * Phoenix's serializer negotiation: the `vsn` connect parameter must be a
 * full semantic version matching one serializer's `~> vsn` (`~> 2.0.0`,
 * `~> 1.0.0`); without the parameter it is `1.0.0`. An empty, malformed or
 * unmatched one (`2.0`, `2.1.0`, `3.0.0`) gets undefined: the transports then
 * refuse the connection as Phoenix does (HTTP 403; long-poll `{"status":403}`).
 */
export function negotiate(serializers: readonly Serializer[], vsn: string | null): Serializer | undefined {
  const version = parse(vsn ?? "1.0.0");
  if (!version) return undefined;
  return serializers.find((serializer) => compatible(version, parse(serializer.vsn)!));
}
