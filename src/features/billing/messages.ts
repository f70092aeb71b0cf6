/** The billing feature's English strings, in one place (the catalogue they move to once the dashboard is translated). */
import type { InvoiceState, LineKind } from "./utils/invoice-lines";

export const billingMessages = {
  heading: "Billing",
  upcomingTitle: "Upcoming invoice",
  upcomingDescription: "What the next invoice holds so far. It can still change until it is finalized.",
  noUpcoming: "No invoice is being drawn up for this contract right now.",
  pastTitle: "Past invoices",
  pastDescription: "Finalized and voided invoices of this contract, newest first. Open one to see its lines.",
  noPast: "This contract has no invoices yet.",
  loading: "Loading the invoices…",
  loadError: "Could not load the invoices",
  linesCaption: (title: string) => `Lines of the ${title}`,
  columns: { item: "Item", kind: "What", period: "Period", quantity: "Quantity", amount: "Amount" },
  total: "Total",
  issued: "Issued",
  period: "Period",
  usageTitle: (period: string) => `Invoice for ${period}`,
  chargeTitle: (date: string) => `Invoice of ${date}`,
  linked: "You followed a link to this invoice.",
  notInvoicedYet: "Not on an invoice yet",
  invoiceLoading: "Finding the invoice…",
  seatLines: (n: number) => (n === 1 ? "1 seat charge" : `${n} seat charges`),
  topUpLines: (n: number) => (n === 1 ? "1 top-up" : `${n} top-ups`),
  states: { draft: "Draft", finalized: "Finalized", void: "Voided", other: "Other" } satisfies Record<InvoiceState, string>,
  kinds: {
    seats: "Seat charge",
    top_up: "Top-up",
    usage: "Usage",
    applied: "Credits applied",
    other: "Other",
  } satisfies Record<LineKind, string>,
};
