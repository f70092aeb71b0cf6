import { useEffect, useState } from "react";

/** The current time (epoch ms), refreshed every `intervalMs` (default one minute) so "now" markers move. */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
