import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { creditFigures } from "../../../domain/credit-figures";
import { customerBalancesQuery } from "../../../lib/metronome-queries";

/** The contract's pooled (contract-level) balance of a credit type now (domain/credit-figures); null while unknown. */
export function usePooledBalance(customerId: string, contractId: string, creditTypeId: string | null | undefined): number | null {
  const balances = useQuery(customerBalancesQuery(customerId, { contractId }));
  return useMemo(() => {
    if (!balances.data || !creditTypeId) return null;
    return creditFigures(balances.data).find((f) => f.creditTypeId === creditTypeId)?.pooled ?? 0;
  }, [balances.data, creditTypeId]);
}
