import { adminAuthRoutes } from "../../../src/api/routes/admin-auth.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import { onLinkClick } from "../router.ts";
import { LanguageSwitch } from "../ui/language-switch.tsx";
import type { AdminMe } from "./require-admin.tsx";

/** The admin bar: home, operations, who is signed in, language, sign out here or everywhere. */
export function AdminHeader({ me, onSignedOut }: { me: AdminMe; onSignedOut: () => void }) {
  return (
    <header class="bar admin-header">
      <a href="/admin" onClick={onLinkClick} class="brand">
        {t("app.name")}
      </a>
      <a href="/admin/ops" onClick={onLinkClick}>
        {t("ops.title")}
      </a>
      <span class="muted">{me.admin.name}</span>
      <LanguageSwitch />
      <button type="button" onClick={() => void call(adminAuthRoutes.adminSignOut, {}).finally(onSignedOut)}>
        {t("admin.logout")}
      </button>
      <button
        type="button"
        onClick={() => {
          // Ends this session too: asked first, as a lost phone or a shared computer is why anyone presses it.
          if (confirm(t("admin.logoutEverywhere.confirm"))) void call(adminAuthRoutes.signOutEverywhere, {}).finally(onSignedOut);
        }}
      >
        {t("admin.logoutEverywhere")}
      </button>
    </header>
  );
}
