/**
 * Counts (signatures, places left) as `Intl` writes them, without `Intl` for
 * the locales Tract ships: the first `Intl` formatter a page builds loads ICU
 * locale data, 12 to 18 ms of main thread on a cold page in Chromium
 * (`bench/`). The browser tests check every locale here against `Intl` itself.
 */

/** The thousands separator of each locale tag written here without ICU (lower-cased tags). */
export const THOUSANDS_SEPARATORS: Readonly<Record<string, string>> = {
  fr: '\u202f',
  'fr-fr': '\u202f',
  en: ',',
  'en-us': ',',
  'en-gb': ',',
};

/** Digits of a non-negative whole number with `separator` between thousands. */
export const groupThousands = (n: number, separator: string) => String(n).replace(/\B(?=(\d{3})+$)/g, separator);

/** `n` as `Intl` writes it in `locale`. */
export function formatCount(n: number, locale: string): string {
  const separator = THOUSANDS_SEPARATORS[locale.toLowerCase()];
  return separator !== undefined && n >= 0 && Number.isSafeInteger(n) ? groupThousands(n, separator) : n.toLocaleString(locale);
}
