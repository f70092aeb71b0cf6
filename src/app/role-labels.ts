import type { Role } from "../contract/bff";
import { useT } from "../lib/i18n";
import { appMessages } from "../locales/en/app";

/** Each role's name in the person's language. */
export function useRoleLabels(): Record<Role, string> {
  const t = useT(appMessages);
  return {
    customer_admin: t("app.role.customer_admin"),
    customer_member: t("app.role.customer_member"),
    account_manager: t("app.role.account_manager"),
  };
}
