import {
  cloneElement,
  isValidElement,
  useId,
  type InputHTMLAttributes,
  type ReactElement,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { cx } from "./cx";

const controlClass =
  "min-h-10 w-full rounded-md border bg-[var(--color-surface)] px-3 py-2 text-sm text-[var(--color-text)] " +
  "placeholder:text-[var(--color-muted)] disabled:cursor-not-allowed disabled:opacity-60";

function borderClass(invalid: boolean) {
  return invalid ? "border-[var(--color-danger)]" : "border-[var(--color-border)]";
}

interface ControlA11y {
  id?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
}

export interface FieldProps {
  label: ReactNode;
  /** Help text under the control. */
  hint?: ReactNode;
  /** Error text under the control; marks it aria-invalid. Keeps whatever the person typed. */
  error?: ReactNode;
  /** Visually hide the label (still read by screen readers). */
  hideLabel?: boolean;
  required?: boolean;
  className?: string;
  /** One control (Input, Select, Textarea or any element taking id/aria-*); it gets the label's id and descriptions. */
  children: ReactElement<ControlA11y>;
}

/** A labelled form field: label, the control, hint and error text wired by id. */
export function Field({ label, hint, error, hideLabel, required, className, children }: FieldProps) {
  const generated = useId();
  const id = (isValidElement(children) && children.props.id) || generated;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [children.props["aria-describedby"], hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cx("flex min-w-0 flex-col gap-1", className)}>
      <label htmlFor={id} className={cx("text-sm font-medium", hideLabel && "sr-only")}>
        {label}
        {required ? (
          <span aria-hidden="true" className="text-[var(--color-danger)]">
            {" "}
            *
          </span>
        ) : null}
      </label>
      {cloneElement(children, {
        id,
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(error ? { "aria-invalid": true } : {}),
      })}
      {hint ? (
        <p id={hintId} className="text-xs text-[var(--color-muted)]">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm text-[var(--color-danger)]">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Input({ className, ...rest }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cx(controlClass, borderClass(Boolean(rest["aria-invalid"])), className)} {...rest} />;
}

export function Textarea({ className, ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={cx(controlClass, borderClass(Boolean(rest["aria-invalid"])), className)} {...rest} />;
}

export interface SelectOption<V extends string = string> {
  value: V;
  label: string;
  disabled?: boolean;
}

export interface SelectProps<V extends string = string> extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "onChange" | "value"> {
  options: Array<SelectOption<V>>;
  value: V;
  onValueChange: (value: V) => void;
}

/** A native select (keyboard and screen-reader behaviour for free). */
export function Select<V extends string = string>({ options, value, onValueChange, className, ...rest }: SelectProps<V>) {
  return (
    <select
      className={cx(controlClass, "pr-8", borderClass(Boolean(rest["aria-invalid"])), className)}
      value={value}
      onChange={(e) => onValueChange(e.target.value as V)}
      {...rest}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value} disabled={o.disabled}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
