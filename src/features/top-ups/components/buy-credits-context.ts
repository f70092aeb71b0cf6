import { createContext } from "react";

/** Opens the contract's Buy credits dialog (started from a seat when given); null outside a BuyCreditsProvider. */
export const BuyCreditsContext = createContext<((seatId?: string) => void) | null>(null);
