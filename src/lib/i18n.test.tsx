// @vitest-environment jsdom
import { act, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { appMessages } from "../locales/en/app";
import { commonMessages } from "../locales/en/common";
import { formatSeats, setLocales, setTimeZone } from "./format";
import { LocaleGate, Trans, resolveLocale, useT } from "./i18n";
import { translate } from "./i18n-core";

function Sample({ count }: { count: number }) {
  const t = useT(appMessages);
  return (
    <p>
      {t("app.notFound.page")} · {translate(commonMessages, "common.seats", { count })} ·{" "}
      <Trans t={t} id="app.notFound.noSuch" values={{ what: "seat", id: <code>s-1</code> }} />
    </p>
  );
}

async function renderIn(locale: string | null, count: number) {
  await act(async () => {
    render(
      <LocaleGate locale={locale} timeZone="Europe/Berlin">
        <Sample count={count} />
      </LocaleGate>,
    );
  });
}

afterEach(() => {
  setLocales(null);
  setTimeZone(null);
});

describe("i18n", () => {
  it("picks the first language with a catalogue, keeping its region for formats", () => {
    expect(resolveLocale(["fr-FR", "de-AT", "en"])).toEqual({ language: "de", locale: "de-AT" });
    expect(resolveLocale([null, "en-GB"])).toEqual({ language: "en", locale: "en-GB" });
    expect(resolveLocale(["not a tag", "ja"])).toEqual({ language: "en", locale: "en-US" });
    expect(resolveLocale(["de"])).toEqual({ language: "de", locale: "de" });
  });

  it("renders German with plurals and elements once the catalogue has loaded, and sets <html lang>", async () => {
    await renderIn("de-DE", 1000);
    expect(await screen.findByText(/Seite nicht gefunden/)).toBeInTheDocument();
    expect(screen.getByText(/1\.000 Plätze/)).toBeInTheDocument();
    expect(screen.getByText("s-1").tagName).toBe("CODE");
    expect(screen.getByText(/Einen Platz/)).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("de-DE");
    expect(formatSeats(1)).toBe("1 Platz");
  });

  it("renders English plurals", async () => {
    await renderIn("en-US", 1);
    expect(await screen.findByText(/Page not found · 1 seat ·/)).toBeInTheDocument();
    expect(formatSeats(1234)).toBe("1,234 seats");
    expect(document.documentElement.lang).toBe("en-US");
  });
});
