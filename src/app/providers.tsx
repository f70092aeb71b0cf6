import type { ReactNode } from "react";
import { QueryClientProvider, useQuery } from "@tanstack/react-query";
import { LocaleGate } from "../lib/i18n";
import { queryClient } from "../lib/query-client";
import { sessionQuery } from "../lib/session";

/** Everything every page needs above the router. */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionLocale>{children}</SessionLocale>
    </QueryClientProvider>
  );
}

/** The language and time zone: the session's once it is loaded (never fetched from here), else the browser's. */
function SessionLocale({ children }: { children: ReactNode }) {
  const session = useQuery({ ...sessionQuery(), enabled: false }).data;
  return (
    <LocaleGate locale={session?.locale ?? null} timeZone={session?.time_zone ?? null}>
      {children}
    </LocaleGate>
  );
}
