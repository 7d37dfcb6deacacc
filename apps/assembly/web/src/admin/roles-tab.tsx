import { useState } from "preact/hooks";
import { roleRoutes } from "../../../src/api/routes/roles.ts";
import { call } from "../api.ts";
import { t } from "./console-texts.ts";
import type { AdminRole } from "../model.ts";
import { ErrorText } from "../ui/error-text.tsx";
import { useAction } from "../ui/use-action.ts";
import type { ConsoleContext } from "./console-context.ts";
import { useFetched } from "./use-fetched.ts";
import { SubmitForm } from "../ui/submit-form.tsx";

const roles: readonly AdminRole[] = ["owner", "chair", "observer"];

/**
 * Who runs the event. Everyone with a role sees the team; owners grant roles
 * by email (an unknown email becomes a new admin account with the name and
 * initial password given here) and revoke them (never the last owner).
 */
export function RolesTab({ ctx }: { ctx: ConsoleContext }) {
  const params = { eventId: ctx.eventId };
  const list = useFetched(roleRoutes.listRoles, { params });
  const owner = ctx.role === "owner";
  // Each grant remounts the form: form.reset() would put the role back on the first option, owner.
  const [round, setRound] = useState(0);
  const grant = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    await call(roleRoutes.grantRole, {
      params,
      body: {
        email: text("email"),
        role: text("role") as AdminRole,
        ...(text("name") ? { name: text("name") } : {}),
        ...(text("password") ? { password: String(data.get("password")) } : {}),
      },
    });
    setRound((current) => current + 1);
    list.reload();
  });
  const revoke = useAction(async (adminId: string) => {
    await call(roleRoutes.revokeRole, { params: { ...params, adminId } });
    list.reload();
  });
  return (
    <div class="stack">
      <h2>{t("roles.title")}</h2>
      <p class="muted">{t("roles.explain")}</p>
      <ErrorText error={list.error ?? revoke.error} />
      <div class="table-wrap">
        <table class="roles">
          <thead>
            <tr>
              <th scope="col">{t("participants.name")}</th>
              <th scope="col">{t("participants.email")}</th>
              <th scope="col">{t("roles.role")}</th>
              {owner && <th scope="col">{t("roles.actions")}</th>}
            </tr>
          </thead>
          <tbody>
            {list.data?.roles.map((row) => (
              <tr key={row.adminId} data-email={row.admin.email}>
                <td>{row.admin.name}</td>
                <td>{row.admin.email}</td>
                <td>{t(`role.${row.role}`)}</td>
                {owner && (
                  <td>
                    <button
                      type="button"
                      disabled={revoke.busy}
                      onClick={() => void revoke.run(row.adminId)}
                      aria-label={t("roles.revokeFor", { name: row.admin.name })}
                    >
                      {t("roles.remove")}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {owner ? (
        <SubmitForm action={grant} key={round} class="stack" aria-labelledby="grant-title">
          <h3 id="grant-title">{t("roles.grant")}</h3>
          <label>
            {t("admin.login.email")}
            <input name="email" type="email" required maxLength={320} autoComplete="off" />
          </label>
          <label>
            {t("roles.role")}
            {/* Chair preselected on the option (a select has no defaultValue property): owner is not the safe default. */}
            <select name="role">
              {roles.map((role) => (
                <option key={role} value={role} selected={role === "chair"}>
                  {t(`role.${role}`)}
                </option>
              ))}
            </select>
          </label>
          <fieldset class="stack">
            <legend>{t("roles.newAccount")}</legend>
            <p class="muted help">{t("roles.newAccountHelp")}</p>
            <label>
              {t("participants.name")}
              <input name="name" maxLength={200} autoComplete="off" />
            </label>
            <label>
              {t("roles.initialPassword")}
              <input name="password" type="password" minLength={10} maxLength={200} autoComplete="new-password" />
            </label>
          </fieldset>
          <button type="submit" class="primary" disabled={grant.busy}>
            {t("roles.grant")}
          </button>
          <ErrorText error={grant.error} />
        </SubmitForm>
      ) : (
        <p class="muted">{t("roles.ownersOnly")}</p>
      )}
    </div>
  );
}
