import { useContext } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button, type ButtonSize, type ButtonVariant } from "../../../components/button";
import { useSession } from "../../../lib/session";
import { topUpCatalogueQuery } from "../api/top-up-queries";
import { useT } from "../../../lib/i18n";
import { topUpsMessages } from "../../../locales/en/top-ups";
import { BuyCreditsContext } from "./buy-credits-context";

export interface BuyCreditsButtonProps {
  customerId: string;
  /** Started from a seat: the button names it. */
  seatId?: string | undefined;
  variant?: ButtonVariant;
  size?: ButtonSize;
}

/**
 * "Buy credits", opening the contract's dialog (BuyCreditsProvider); nothing for a role that may not
 * buy (members), when the operator offers no pack, or outside a contract's pages.
 */
export function BuyCreditsButton({ customerId, seatId, variant = "primary", size = "md" }: BuyCreditsButtonProps) {
  const t = useT(topUpsMessages);
  const session = useSession();
  const open = useContext(BuyCreditsContext);
  const catalogue = useQuery({ ...topUpCatalogueQuery(customerId), enabled: session.can_write });
  if (!open || !session.can_write || !catalogue.data || catalogue.data.data.length === 0) return null;
  return (
    <Button variant={variant} size={size} onClick={() => open(seatId)} aria-label={seatId ? t("topUps.buyFor", { seat: seatId }) : undefined}>
      {t("topUps.buy")}
    </Button>
  );
}
