import { useEffect, useId, useRef, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import type { Session } from "../contract/bff";
import { api } from "../lib/api-client";
import { Button } from "../components/button";
import { ThemeSwitch } from "../components/theme-switch";
import { useRoleLabels } from "./role-labels";
import { useT } from "../lib/i18n";
import { appMessages } from "../locales/en/app";

/** The signed-in person (a disclosure button) with the theme switch and sign-out. */
export function UserMenu({ session }: { session: Session }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const t = useT(appMessages);
  const roleLabels = useRoleLabels();
  const signOut = useMutation({
    mutationFn: () => api.post<unknown>("/api/session/sign-out", {}),
    onSuccess: () => {
      queryClient.clear();
    },
  });

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const initials = session.user.name
    .split(/\s+/)
    .map((part) => part[0])
    .filter(Boolean)
    .slice(0, 2)
    .join("")
    .toUpperCase();

  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((o) => !o)}
        className="flex min-h-10 items-center gap-2 rounded-md px-2 hover:bg-[var(--color-surface-2)]"
      >
        <span
          aria-hidden="true"
          className="flex h-8 w-8 items-center justify-center rounded-full bg-[var(--color-brand)] text-xs font-semibold text-[var(--color-brand-contrast)]"
        >
          {initials}
        </span>
        <span className="sr-only">{t("app.menu.account")}</span>
        <span className="hidden text-left text-sm md:block">
          <span className="block leading-tight font-medium">{session.user.name}</span>
          <span className="block text-xs leading-tight text-[var(--color-muted)]">{roleLabels[session.role]}</span>
        </span>
        <span className="sr-only md:hidden">
          {session.user.name}, {roleLabels[session.role]}
        </span>
      </button>
      <div
        id={`${id}-panel`}
        hidden={!open}
        className="absolute right-0 z-40 mt-2 w-72 max-w-[calc(100vw-1.5rem)] rounded-lg border border-[var(--color-border)] bg-[var(--color-surface)] p-4 shadow-lg"
      >
        <p className="font-semibold">{session.user.name}</p>
        <p className="text-sm break-all text-[var(--color-muted)]">{session.user.email}</p>
        <p className="mt-1 text-sm">
          {roleLabels[session.role]}
          {session.can_write ? "" : t("app.menu.readOnly")}
        </p>
        <ThemeSwitch className="mt-4 flex items-center justify-between gap-2" />
        <Button
          className="mt-4 w-full"
          loading={signOut.isPending}
          onClick={() => signOut.mutate(undefined, { onSuccess: () => void navigate("/sign-in", { replace: true }) })}
        >
          {t("app.menu.signOut")}
        </Button>
        {signOut.error ? (
          <p role="alert" className="mt-2 text-sm text-[var(--color-danger)]">
            {t("app.menu.signOutFailed")}
          </p>
        ) : null}
      </div>
    </div>
  );
}
