// @vitest-environment jsdom
import { act, render, screen } from "@testing-library/react";
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { StaleDataNotice } from "./stale-data-notice";

function Reader({ fn }: { fn: () => Promise<string> }) {
  const q = useQuery({ queryKey: ["thing"], queryFn: fn, retry: false });
  return <p>value: {q.data ?? "none"}</p>;
}

describe("StaleDataNotice", () => {
  it("appears when a refresh fails while earlier data is shown, and goes once a refresh succeeds", async () => {
    const client = new QueryClient();
    let fail = false;
    const fn = () => (fail ? Promise.reject(new Error("down")) : Promise.resolve("good"));
    render(
      <QueryClientProvider client={client}>
        <StaleDataNotice />
        <Reader fn={fn} />
      </QueryClientProvider>,
    );
    expect(await screen.findByText("value: good")).toBeTruthy();
    expect(screen.queryByText(/Couldn't refresh/)).toBeNull();

    fail = true;
    await act(() => client.refetchQueries({ queryKey: ["thing"] }));
    expect(await screen.findByText(/^Couldn't refresh, showing data from /)).toBeTruthy();
    expect(screen.getByText("value: good")).toBeTruthy();

    fail = false;
    await act(async () => {
      screen.getByRole("button", { name: "Try again" }).click();
      await client.refetchQueries({ queryKey: ["thing"] });
    });
    expect(screen.queryByText(/Couldn't refresh/)).toBeNull();
  });

  it("stays away when the first load fails (the page shows its own error)", async () => {
    const client = new QueryClient();
    render(
      <QueryClientProvider client={client}>
        <StaleDataNotice />
        <Reader fn={() => Promise.reject(new Error("down"))} />
      </QueryClientProvider>,
    );
    await act(() => client.refetchQueries({ queryKey: ["thing"] }).catch(() => undefined));
    expect(screen.queryByText(/Couldn't refresh/)).toBeNull();
  });
});
