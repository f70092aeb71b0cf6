// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { DateRangePicker } from "./date-range-picker";

const LIMITS = { min: "2025-01-01", max: "2026-12-31" };
const PRESETS = [{ id: "year" as const, label: "1 year", range: { from: "2025-11-24", to: "2026-11-24" } }];

function renderPicker(onChange = vi.fn()) {
  const view = render(
    <DateRangePicker label="Period shown" from="2026-08-24" to="2026-11-24" limits={LIMITS} presets={PRESETS} onChange={onChange} />,
  );
  return { ...view, onChange };
}

afterEach(cleanup);

describe("DateRangePicker", () => {
  it("is a group named by its label, in a form without an overriding role", () => {
    const { container } = renderPicker();
    const group = screen.getByRole("group", { name: "Period shown" });
    expect(group.tagName).toBe("FIELDSET");
    expect(container.querySelector("form")?.hasAttribute("role")).toBe(false);
    expect(within(group).getByRole("group", { name: "Presets" })).toBeInTheDocument();
  });

  it("applies typed dates on submit (Enter), and refuses a wrong range with a message", async () => {
    const { onChange } = renderPicker();
    const from = screen.getByLabelText("From");
    fireEvent.change(from, { target: { value: "2026-12-01" } });
    fireEvent.submit(from.closest("form")!);
    expect(screen.getByRole("alert")).toHaveTextContent("ends");
    expect(onChange).not.toHaveBeenCalled();

    fireEvent.change(from, { target: { value: "2026-09-01" } });
    await userEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(onChange).toHaveBeenCalledWith({ from: "2026-09-01", to: "2026-11-24" });
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("applies a preset at once without submitting the typed dates", async () => {
    const { onChange } = renderPicker();
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "not a date" } });
    await userEvent.click(screen.getByRole("button", { name: "1 year" }));
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith({ from: "2025-11-24", to: "2026-11-24" });
  });
});
