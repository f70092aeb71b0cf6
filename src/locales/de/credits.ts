import type { creditsMessages as en } from "../en/credits";

export const creditsMessages = {
  "credits.figure.seat": "Guthaben dieses Platzes",
  "credits.figure.seats": "Guthaben aller Plätze",
  "credits.figure.pooled": "Gemeinsame Guthaben",
  "credits.figure.subscription": "Abonnementguthaben (gemeinsam und pro Platz)",
  "credits.figure.spendable": "Jetzt verfügbar",
  "credits.pooledVersusSeatScoped": "Gemeinsame Guthaben teilen sich alle im Vertrag; sie sind das, was Metronome als jetzt verfügbar zählt. Platzgebundene Guthaben erhält jeder Platz, nur dessen Nutzung verbraucht sie; sie werden daher pro Platz und insgesamt gezeigt, nie im jetzt Verfügbaren.",
} satisfies Record<keyof typeof en, string>;
