/**
 * Amounts: kept as integer minor units (cents), shown with `Intl` in the
 * reader's locale. What the person types ("25,50", "25.50", "1 000") is parsed
 * apart from what is displayed.
 */

const formatters = new Map<string, Intl.NumberFormat>();

type Affixes = readonly [prefix: string, suffix: string];
interface WholeAmountFormat {
  group: string;
  currencies: Readonly<Record<string, Affixes>>;
}

const FRENCH: WholeAmountFormat = {
  group: '\u202f',
  currencies: { EUR: ['', '\u00a0€'], USD: ['', '\u00a0$US'], GBP: ['', '\u00a0£GB'] },
};
const US_ENGLISH: WholeAmountFormat = { group: ',', currencies: { EUR: ['€', ''], USD: ['$', ''], GBP: ['£', ''] } };

/**
 * What `Intl` answers for whole amounts in the locales and currencies the
 * compliance profiles use, so a donation form's first render does not wait
 * for ICU: the first `Intl` formatter a page builds loads locale data, 12 to
 * 18 ms of main thread on a cold page in Chromium (`bench/`). Anything else
 * goes to `Intl`; the browser test checks every pair here against `Intl` itself.
 */
export const WHOLE_AMOUNT_FORMATS: Readonly<Record<string, WholeAmountFormat>> = {
  fr: FRENCH,
  'fr-fr': FRENCH,
  en: US_ENGLISH,
  'en-us': US_ENGLISH,
  'en-gb': { group: ',', currencies: { ...US_ENGLISH.currencies, USD: ['US$', ''] } },
};

/** Digits of a non-negative whole number with `group` between thousands. */
const grouped = (n: number, group: string) => String(n).replace(/\B(?=(\d{3})+$)/g, group);

/** A count (signatures, places left) as `Intl` writes it in `locale`; without ICU for the locales above. */
export function formatCount(n: number, locale: string): string {
  const known = WHOLE_AMOUNT_FORMATS[locale.toLowerCase()];
  return known && n >= 0 && Number.isSafeInteger(n) ? grouped(n, known.group) : n.toLocaleString(locale);
}

/** Formats `minor` units of `currency` for `locale`, without decimals when whole. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const whole = minor % 100 === 0;
  const known = WHOLE_AMOUNT_FORMATS[locale.toLowerCase()];
  const affixes = known?.currencies[currency];
  if (known && affixes && whole && minor >= 0 && Number.isSafeInteger(minor)) {
    return `${affixes[0]}${grouped(minor / 100, known.group)}${affixes[1]}`;
  }
  // Building an Intl formatter costs far more than formatting: a form shows a dozen amounts per render.
  const key = `${locale} ${currency} ${whole}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: whole ? 0 : 2 });
    formatters.set(key, format);
  }
  return format.format(minor / 100);
}

/** Minor units from what a person typed, or NaN when it is not an amount. */
export function parseAmount(text: string): number {
  // A minus sign is never a typo to repair: "-1" is not a gift of 1.
  if (text.includes('-')) return Number.NaN;
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(/[^\d.,]/g, '');
  if (!/^\d+([.,]\d{1,2})?$/.test(compact)) return Number.NaN;
  return Math.round(Number(compact.replace(',', '.')) * 100);
}
