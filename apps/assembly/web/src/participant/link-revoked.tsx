import { useEffect, useState } from "preact/hooks";
import { mailRoutes } from "../../../src/api/routes/mail.ts";
import { call } from "../api.ts";
import { t } from "../i18n.ts";
import { LinkRequest } from "./link-request.tsx";

/**
 * What a phone that was signed in says once its link stops working (the
 * organisers revoked it or issued a new one): neither the connection nor a
 * reload is the matter, only a new link is. Where the server sends mail, the
 * member can have it sent right here.
 */
export function LinkRevoked({ eventId }: { eventId: string }) {
  const [byMail, setByMail] = useState(false);
  useEffect(() => {
    call(mailRoutes.linkRequestStatus, {}).then(
      (status) => setByMail(status.configured),
      () => setByMail(false),
    );
  }, []);
  return (
    <>
      <p role="alert" data-testid="link-revoked">
        {t("participant.linkInvalid")}
      </p>
      {byMail && <LinkRequest eventId={eventId} intro={t("participant.linkByMail")} />}
    </>
  );
}
