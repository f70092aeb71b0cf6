/** English: customers. */
export const customersMessages = {
  "customers.searching": "Searching…",
  "customers.none": "No customers match.",
  "customers.matches": "{count, plural, one {# customer matches} other {# customers match}}.",
  "customers.matchesSome": "{count, plural, one {# customer matches} other {# customers match}}, showing the first {shown}.",
  "customers.switch": "Switch customer",
  "customers.placeholderCurrent": "{name} — search customers",
  "customers.placeholder": "Search customers",
  "customers.hint": "Type a customer name or id, then use the arrow keys and Enter.",
  "customers.list": "Customers",
};
