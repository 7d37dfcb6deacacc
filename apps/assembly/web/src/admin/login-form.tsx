import { adminAuthRoutes } from "../../../src/api/routes/admin-auth.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import { Busy } from "../ui/busy.tsx";
import { ErrorText } from "../ui/error-text.tsx";
import { LanguageSwitch } from "../ui/language-switch.tsx";
import { useAction } from "../ui/use-action.ts";
import { SubmitForm } from "../ui/submit-form.tsx";

export function LoginForm({ onSignedIn }: { onSignedIn: () => void }) {
  const signIn = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    await call(adminAuthRoutes.adminSignIn, { body: { email: String(data.get("email")), password: String(data.get("password")) } });
    onSignedIn();
  });
  return (
    <main class="narrow">
      <header class="bar">
        <h1>{t("admin.login.title")}</h1>
        <LanguageSwitch />
      </header>
      <SubmitForm action={signIn} class="stack">
        <label>
          {t("admin.login.email")}
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          {t("admin.login.password")}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" class="primary" disabled={signIn.busy}>
          {t("admin.login.submit")}
        </button>
        {signIn.busy && <Busy />}
        <ErrorText error={signIn.error} />
      </SubmitForm>
    </main>
  );
}
