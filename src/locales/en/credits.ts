/** English: credits. */
export const creditsMessages = {
  "credits.figure.seat": "This seat's credits",
  "credits.figure.seats": "Seats' credits in all",
  "credits.figure.pooled": "Pooled credits",
  "credits.figure.subscription": "Subscription credits (pooled and per seat)",
  "credits.figure.spendable": "Spendable now",
  "credits.pooledVersusSeatScoped": "Pooled credits are shared by everyone on the contract and are what Metronome counts as spendable now; seat-scoped credits are given to each seat, only that seat's usage draws them down, so they are shown per seat and in all, never in what is spendable now.",
};
