import { useCallback, useState, type ReactNode } from "react";
import { BuyCreditsContext } from "./buy-credits-context";
import { BuyCreditsDialog } from "./buy-credits-dialog";

/**
 * Holds the contract's one Buy credits dialog, so it outlives the button that opened it: the
 * banner's button goes away as soon as a paid top-up lifts the alert, while the dialog still shows
 * the outcome.
 */
export function BuyCreditsProvider({ customerId, contractId, children }: { customerId: string; contractId: string; children: ReactNode }) {
  // The dialog mounts on first use (members, who cannot buy, never read what it reads).
  const [state, setState] = useState<{ used: boolean; open: boolean; seatId: string | undefined }>({ used: false, open: false, seatId: undefined });
  const open = useCallback((seatId?: string) => setState({ used: true, open: true, seatId }), []);
  return (
    <BuyCreditsContext.Provider value={open}>
      {children}
      {state.used ? (
        <BuyCreditsDialog customerId={customerId} contractId={contractId} seatId={state.seatId} open={state.open} onClose={() => setState((s) => ({ ...s, open: false }))} />
      ) : null}
    </BuyCreditsContext.Provider>
  );
}
