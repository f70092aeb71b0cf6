import type { Role } from "../contract/bff";

export const roleLabels: Record<Role, string> = {
  customer_admin: "Customer admin",
  customer_member: "Customer member",
  account_manager: "Account manager",
};
