import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button, type ButtonSize, type ButtonVariant } from "../../../components/button";
import { useSession } from "../../../lib/session";
import { topUpCatalogueQuery } from "../api/top-up-queries";
import { useT } from "../../../lib/i18n";
import { topUpsMessages } from "../../../locales/en/top-ups";
import { BuyCreditsDialog } from "./buy-credits-dialog";

export interface BuyCreditsButtonProps {
  customerId: string;
  contractId: string;
  /** Started from a seat: the button names it. */
  seatId?: string | undefined;
  variant?: ButtonVariant;
  size?: ButtonSize;
}

/** "Buy credits" and its dialog; nothing for a role that may not buy (members) or when the operator offers no pack. */
export function BuyCreditsButton({ customerId, contractId, seatId, variant = "primary", size = "md" }: BuyCreditsButtonProps) {
  const t = useT(topUpsMessages);
  const session = useSession();
  const catalogue = useQuery({ ...topUpCatalogueQuery(customerId), enabled: session.can_write });
  const [open, setOpen] = useState(false);
  if (!session.can_write || !catalogue.data || catalogue.data.data.length === 0) return null;
  return (
    <>
      <Button variant={variant} size={size} onClick={() => setOpen(true)} aria-label={seatId ? t("topUps.buyFor", { seat: seatId }) : undefined}>
        {t("topUps.buy")}
      </Button>
      <BuyCreditsDialog customerId={customerId} contractId={contractId} seatId={seatId} open={open} onClose={() => setOpen(false)} />
    </>
  );
}
