/** English: the app shell (layouts, menus, sign-in, not-found views). */
export const appMessages = {
  "app.notFound.page": "Page not found",
  "app.notFound.customer": "Customer not found",
  "app.notFound.contract": "Contract not found",
  "app.notFound.subscription": "Subscription not found",
  "app.notFound.seat": "Seat not found",
  "app.notFound.noSuch": "There is no {what, select, customer {customer} contract {contract} subscription {subscription} seat {seat} other {page}} {id} that you can see.",
  "app.notFound.nothingHere": "Nothing lives at this address.",
  "app.notFound.goStart": "Go to the start page",
};
