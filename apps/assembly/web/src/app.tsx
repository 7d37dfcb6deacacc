import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { t, useLanguage } from "./i18n.ts";
import { usePath } from "./router.ts";
import { Busy } from "./ui/busy.tsx";
import { ErrorText } from "./ui/error-text.tsx";
import { LanguageSwitch } from "./ui/language-switch.tsx";

type Screen = ComponentType<{ params: string[] }>;

/**
 * Each screen is its own chunk, loaded on first visit: a participant's phone
 * never downloads the chair console or the chart library.
 */
const screens: [RegExp, () => Promise<Screen>][] = [
  [/^\/join\/?$/, () => import("./participant/join-page.tsx").then((m) => () => <m.JoinPage />)],
  [/^\/p\/?$/, () => import("./participant/participant-app.tsx").then((m) => () => <m.ParticipantApp />)],
  [/^\/verify\/?$/, () => import("./verify/verify-page.tsx").then((m) => () => <m.VerifyPage />)],
  [/^\/admin(?:\/.*)?$/, () => import("./admin/admin-app.tsx").then((m) => () => <m.AdminApp />)],
  [
    /^\/projector\/([^/]+)(?:\/([^/]+))?\/?$/,
    () =>
      import("./projector/projector-page.tsx").then((m) => ({ params }) => (
        <m.ProjectorPage eventId={params[0]!} projectorId={params[1] || null} />
      )),
  ],
  [
    /^\/dashboard\/([^/]+)\/?$/,
    () =>
      import("./dashboard/dashboard-page.tsx").then((m) => ({ params }) => <m.DashboardPage eventId={params[0]!} />),
  ],
];

function Home() {
  return (
    <main class="narrow">
      <header class="bar">
        <h1>{t("app.name")}</h1>
        <LanguageSwitch />
      </header>
      <p>{t("home.participants")}</p>
      <p>
        <a href="/admin">{t("home.chairs")}</a>
      </p>
    </main>
  );
}

export function App() {
  const [language] = useLanguage();
  const path = usePath();
  const route = screens.map(([pattern, load]) => [pattern.exec(path), load] as const).find(([match]) => match);
  const [loaded, setLoaded] = useState<{ load: unknown; Screen: Screen } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = route?.[1];
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  useEffect(() => {
    if (!load || loaded?.load === load) return;
    let current = true;
    load().then(
      (Screen) => current && setLoaded({ load, Screen }),
      (caught: unknown) => current && setError(caught),
    );
    return () => {
      current = false;
    };
  }, [load]);
  if (!route) return <Home />;
  if (error)
    return (
      <main class="narrow">
        <ErrorText error={error} />
      </main>
    );
  if (!loaded || loaded.load !== load)
    return (
      <main class="narrow">
        <Busy />
      </main>
    );
  const params = route[0]!.slice(1).map((part) => decodeURIComponent(part ?? ""));
  const Screen = loaded.Screen;
  return <Screen params={params} />;
}
