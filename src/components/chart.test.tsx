// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { TimeChart } from "./chart";

afterEach(cleanup);

const format = (v: number) => String(v);

describe("TimeChart", () => {
  it("labels every line in a legend and keeps one tab stop with the table", () => {
    const { container } = render(
      <TimeChart
        title="Balance over time"
        summary="Two lines."
        now={20}
        data={[
          { t: 0, balance: 10, forecast: null },
          { t: 30, balance: 8, forecast: null },
          { t: 40, balance: null, forecast: 2 },
        ]}
        series={[
          { id: "balance", label: "Balance", color: "chart-1", dashedAfter: 20, format },
          { id: "forecast", label: "Forecast at the current rate", color: "warning", dashedAfter: 20, futureLabel: "forecast", format },
        ]}
      />,
    );
    const legend = screen.getByRole("list", { name: "Legend" });
    expect(within(legend).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["Balance", "Balance (scheduled)", "Forecast at the current rate"]);
    const focusable = container.querySelectorAll("button, a[href], [tabindex]:not([tabindex='-1']), input, select");
    expect(focusable).toHaveLength(1);
    expect(screen.getByRole("button", { name: "Show table: Balance over time" })).toBeInTheDocument();
    const rows = within(screen.getByRole("table", { name: "Balance over time" })).getAllByRole("row");
    expect(rows.map((r) => r.querySelector("th")?.textContent)).toEqual(["Date", expect.not.stringContaining("("), expect.stringContaining("(scheduled)"), expect.stringContaining("(forecast)")]);
  });

  it("draws no legend for one solid line and marks nothing scheduled at the window's edge", () => {
    render(
      <TimeChart
        title="Seats over time"
        summary="One line."
        now={20}
        data={[
          { t: 0, seats: 4 },
          { t: 45, seats: 4 },
        ]}
        series={[{ id: "seats", label: "Seats", color: "chart-1", dashedAfter: 20, format }]}
      />,
    );
    expect(screen.queryByRole("list", { name: "Legend" })).toBeNull();
    const table = screen.getByRole("table", { name: "Seats over time" });
    expect(table.textContent).not.toContain("scheduled");
    expect(within(table).getAllByRole("row")).toHaveLength(2);
  });

  it("is one image named by its title and summary, whose drawing never takes focus", async () => {
    render(<TimeChart title="Seats over time" summary="From 4 to 6 seats." data={[{ t: 0, seats: 4 }, { t: 45, seats: 6 }]} series={[{ id: "seats", label: "Seats", color: "chart-1", format }]} />);
    const image = screen.getByRole("img", { name: "Seats over time From 4 to 6 seats." });
    // A layer the chart library adds after the first render is taken out of the tab order too.
    const layer = document.createElementNS("http://www.w3.org/2000/svg", "g");
    image.append(document.createElementNS("http://www.w3.org/2000/svg", "svg"));
    image.querySelector("svg")?.append(layer);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(layer.getAttribute("tabindex")).toBe("-1");
    expect(image.querySelector("svg")?.getAttribute("tabindex")).toBe("-1");
  });
});
