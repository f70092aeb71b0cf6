import { useId } from "react";
import { useTheme, type ThemePreference } from "../lib/theme";

const options: Array<{ value: ThemePreference; label: string }> = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

/** Light / dark / system, as a labelled select (persisted; sets <html data-theme>). */
export function ThemeSwitch({ className }: { className?: string }) {
  const id = useId();
  const { preference, setPreference } = useTheme();
  return (
    <div className={className ?? "flex items-center gap-2"}>
      <label htmlFor={id} className="text-sm text-[var(--color-muted)]">
        Theme
      </label>
      <select
        id={id}
        value={preference}
        onChange={(e) => setPreference(e.target.value as ThemePreference)}
        className="min-h-9 rounded-md border border-[var(--color-border)] bg-[var(--color-surface)] px-2 text-sm text-[var(--color-text)]"
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
