import type { DemoPerson } from "../contract/bff";
import type { CustomerDirectory } from "./customers";

interface DemoCustomer {
  alias: string;
  kind: string;
  admin: { name: string; email: string };
  member: { name: string; email: string };
}

/** The demo scenario's headline customers (by ingest alias) and a person in each role. */
const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    alias: "acme",
    kind: "seat-based, about 40 named seats",
    admin: { name: "Ava Martin", email: "ava.martin@acme.example" },
    // Holds one of Acme's named seats (seat IDs are emails in the demo scenario).
    member: { name: "Hedy Lamarr", email: "hedy@acme.example" },
  },
  {
    alias: "globex",
    kind: "quantity, 250 seats, pooled credits",
    admin: { name: "Grace Okafor", email: "grace.okafor@globex.example" },
    member: { name: "Liam Chen", email: "liam.chen@globex.example" },
  },
  {
    alias: "initech",
    kind: "1,000 seats",
    admin: { name: "Ines Duarte", email: "ines.duarte@initech.example" },
    member: { name: "Peter Gibbons", email: "peter@initech.example" },
  },
  {
    alias: "umbrella",
    kind: "quantity, no credits, billed in arrears",
    admin: { name: "Uma Reyes", email: "uma.reyes@umbrella.example" },
    member: { name: "Oscar Lind", email: "oscar.lind@umbrella.example" },
  },
];

const SMALL_ASSIGNED = 46;

export const ACCOUNT_MANAGER_ID = "account-manager";

/**
 * Demo people for the embedded simulator's sign-in page: an admin and a member of each headline
 * customer, and an account manager with the four and 46 small customers assigned. Customers the
 * running scenario lacks are left out.
 */
export async function listDemoPeople(directory: CustomerDirectory): Promise<DemoPerson[]> {
  const people: DemoPerson[] = [];
  const managed: string[] = [];
  for (const demo of DEMO_CUSTOMERS) {
    const customer = await directory.findByAlias(demo.alias);
    if (!customer) continue;
    managed.push(customer.id);
    for (const role of ["customer_admin", "customer_member"] as const) {
      const who = role === "customer_admin" ? demo.admin : demo.member;
      people.push({
        id: `${demo.alias}-${role === "customer_admin" ? "admin" : "member"}`,
        user: { id: `demo-${demo.alias}-${role === "customer_admin" ? "admin" : "member"}`, name: who.name, email: who.email },
        role,
        customer_ids: [customer.id],
        description: `${role === "customer_admin" ? "Admin" : "Member"} of ${customer.name} (${demo.kind})`,
      });
    }
  }
  const aliases = Array.from({ length: SMALL_ASSIGNED }, (_, i) => `small-${String(i + 1).padStart(3, "0")}`);
  const small = await Promise.all(aliases.map((alias) => directory.findByAlias(alias)));
  for (const customer of small) if (customer) managed.push(customer.id);
  if (managed.length > 0) {
    people.push({
      id: ACCOUNT_MANAGER_ID,
      user: { id: "demo-account-manager", name: "Sam Rivera", email: "sam.rivera@seats.example" },
      role: "account_manager",
      customer_ids: managed,
      description: `Account manager of ${managed.length} customers, switching between them`,
    });
  }
  return people;
}
