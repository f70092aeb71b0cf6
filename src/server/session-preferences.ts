/**
 * What a host product may ask for a portal session's look and language: a locale, a time zone and
 * a theme. Each value is checked against a narrow shape so nothing can reach the page's CSS but a
 * colour, a bounded length or a list of font family names.
 */
import { z } from "zod";
import type { PortalTheme } from "../contract/bff";
import { HttpError } from "./errors";
import { firstProblem } from "./operations";

export interface SessionPreferences {
  locale: string | null;
  time_zone: string | null;
  theme: PortalTheme | null;
}

export const NO_PREFERENCES: SessionPreferences = { locale: null, time_zone: null, theme: null };

const locale = z
  .string()
  .max(64, "must be a BCP 47 language tag of at most 64 characters")
  .transform((tag, ctx) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical) return canonical;
    } catch {
      // RangeError: not a well-formed tag
    }
    ctx.addIssue({ code: "custom", message: `must be a BCP 47 language tag such as "en-US" or "de-DE" (got ${JSON.stringify(tag.slice(0, 40))})` });
    return z.NEVER;
  });

let zones: ReadonlyMap<string, string> | null = null;
/** IANA names by lower-case spelling, read once. */
function knownZones(): ReadonlyMap<string, string> {
  zones ??= new Map(Intl.supportedValuesOf("timeZone").map((zone) => [zone.toLowerCase(), zone]));
  return zones;
}

/** The IANA name for a time zone the runtime knows (e.g. "europe/berlin" → "Europe/Berlin"), else null. */
function canonicalTimeZone(name: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+/-]{0,63}$/.test(name)) return null;
  const listed = knownZones().get(name.toLowerCase());
  if (listed) return listed;
  try {
    // Links the list leaves out ("UTC", "Etc/GMT+5", older names) are still valid IANA names.
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const timeZone = z.string().transform((name, ctx) => {
  const canonical = canonicalTimeZone(name);
  if (canonical) return canonical;
  ctx.addIssue({ code: "custom", message: `must be an IANA time zone such as "Europe/Berlin" or "America/New_York" (got ${JSON.stringify(name.slice(0, 40))})` });
  return z.NEVER;
});

const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour #RRGGBB, e.g. #0e7490")
  .transform((hex) => hex.toLowerCase());

/** Rounded corners: 0 to 24 px, or the same in rem (16 px each). */
const MAX_RADIUS_PX = 24;
const radius = z.string().transform((text, ctx) => {
  const m = /^(\d{1,2}(?:\.\d{1,3})?)(px|rem)$|^0$/.exec(text);
  const px = m ? (m[1] === undefined ? 0 : Number(m[1]) * (m[2] === "rem" ? 16 : 1)) : Number.NaN;
  if (!(px <= MAX_RADIUS_PX)) {
    ctx.addIssue({ code: "custom", message: `must be a length from 0 to ${MAX_RADIUS_PX}px (or ${MAX_RADIUS_PX / 16}rem), e.g. "6px"` });
    return z.NEVER;
  }
  return m?.[1] === undefined ? "0px" : `${m[1]}${m[2]}`;
});

const FONT_NAME = /^(?:[A-Za-z0-9][A-Za-z0-9 -]{0,62}|"[A-Za-z0-9][A-Za-z0-9 -]{0,62}"|'[A-Za-z0-9][A-Za-z0-9 -]{0,62}')$/;
const fontFamily = z.string().transform((stack, ctx) => {
  const names = stack.split(",").map((name) => name.trim().replace(/\s+/g, " "));
  if (stack.length > 300 || names.length > 10 || !names.every((name) => FONT_NAME.test(name))) {
    ctx.addIssue({
      code: "custom",
      message: 'must be up to 10 font family names separated by commas (letters, digits, spaces and hyphens, a name optionally in quotes), e.g. "Inter, Helvetica Neue, sans-serif"',
    });
    return z.NEVER;
  }
  return names.join(", ");
});

const theme = z.strictObject({
  brand_color: color.optional(),
  accent_color: color.optional(),
  radius: radius.optional(),
  font_family: fontFamily.optional(),
  mode: z.enum(["light", "dark", "system"]).optional(),
});

const preferences = z.object({
  locale: locale.nullish(),
  time_zone: timeZone.nullish(),
  theme: theme.nullish(),
});

const THEME_FIELDS = "theme {brand_color, accent_color, radius, font_family, mode}";

/** The locale, time zone and theme of a portal session request (each null when not sent); 400 naming the field otherwise. */
export function parseSessionPreferences(body: Record<string, unknown>): SessionPreferences {
  const result = preferences.safeParse(body);
  if (!result.success) throw new HttpError(400, firstProblem(result.error, THEME_FIELDS), "invalid_field");
  const { locale: tag, time_zone, theme: look } = result.data;
  const kept = look ? (Object.fromEntries(Object.entries(look).filter(([, value]) => value !== undefined)) as PortalTheme) : null;
  return { locale: tag ?? null, time_zone: time_zone ?? null, theme: kept && Object.keys(kept).length > 0 ? kept : null };
}
