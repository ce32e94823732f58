/**
 * Amounts: kept as integer minor units (cents), shown with `Intl` in the
 * reader's locale. What the person types ("25,50", "25.50", "1 000") is parsed
 * apart from what is displayed.
 */

import { groupThousands, THOUSANDS_SEPARATORS } from './counts.js';

const formatters = new Map<string, Intl.NumberFormat>();

type Affixes = readonly [prefix: string, suffix: string];

const FRENCH: Readonly<Record<string, Affixes>> = { EUR: ['', '\u00a0€'], USD: ['', '\u00a0$US'], GBP: ['', '\u00a0£GB'] };
const US_ENGLISH: Readonly<Record<string, Affixes>> = { EUR: ['€', ''], USD: ['$', ''], GBP: ['£', ''] };

/**
 * What `Intl` puts around a whole amount in the locales and currencies the
 * compliance profiles use, so a donation form's first render does not wait
 * for ICU (see `counts.ts`). Anything else goes to `Intl`; the browser test
 * checks every pair here against `Intl` itself.
 */
export const CURRENCY_AFFIXES: Readonly<Record<string, Readonly<Record<string, Affixes>>>> = {
  fr: FRENCH,
  'fr-fr': FRENCH,
  en: US_ENGLISH,
  'en-us': US_ENGLISH,
  'en-gb': { ...US_ENGLISH, USD: ['US$', ''] },
};

/** Formats `minor` units of `currency` for `locale`, without decimals when whole. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const whole = minor % 100 === 0;
  const tag = locale.toLowerCase();
  const affixes = CURRENCY_AFFIXES[tag]?.[currency];
  const separator = THOUSANDS_SEPARATORS[tag];
  if (affixes && separator !== undefined && whole && minor >= 0 && Number.isSafeInteger(minor)) {
    return `${affixes[0]}${groupThousands(minor / 100, separator)}${affixes[1]}`;
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
