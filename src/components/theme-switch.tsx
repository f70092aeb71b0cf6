import { useId } from "react";
import { useTheme, type ThemePreference } from "../lib/theme";
import { useT } from "../lib/i18n";
import { componentsMessages } from "../locales/en/components";

const options: ThemePreference[] = ["system", "light", "dark"];

/** Light / dark / system, as a labelled select (persisted; sets <html data-theme>). */
export function ThemeSwitch({ className }: { className?: string }) {
  const id = useId();
  const { preference, setPreference } = useTheme();
  const t = useT(componentsMessages);
  return (
    <div className={className ?? "flex items-center gap-2"}>
      <label htmlFor={id} className="text-sm text-[var(--color-muted)]">
        {t("components.theme.label")}
      </label>
      <select
        id={id}
        value={preference}
        onChange={(e) => setPreference(e.target.value as ThemePreference)}
        className="min-h-9 rounded-md border border-[var(--color-border)] bg-[var(--color-surface)] px-2 text-sm text-[var(--color-text)]"
      >
        {options.map((o) => (
          <option key={o} value={o}>
            {t(`components.theme.${o}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
