import { useQuery } from "@tanstack/react-query";
import { customerAccessQuery } from "../api/top-up-queries";
import { contractPackHelps } from "./access-state";
import { BuyCreditsButton } from "./buy-credits-button";

/** A seat's "Buy credits": offered while the seat is gated by the contract's credits, which a pack tops up. */
export function SeatBuyCredits({ customerId, seatId }: { customerId: string; seatId: string }) {
  const access = useQuery(customerAccessQuery(customerId));
  if (!contractPackHelps(access.data?.seats[seatId])) return null;
  return <BuyCreditsButton customerId={customerId} seatId={seatId} variant="secondary" size="sm" />;
}
