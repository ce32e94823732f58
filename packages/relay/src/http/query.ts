/**
 * Whole numbers in query strings, read strictly: plain decimal digits only.
 * What `Number()` would also take (`0x10`, `1e2`, ` 5`, `5.0`, `+5`, and the
 * empty string as 0) is refused, so a value has one spelling and a typo is an
 * error the caller sees, not a number they did not mean.
 */
import { HttpError } from './errors.js';
import type { Locale } from './messages.js';

export interface WholeNumberRange {
  min: number;
  max: number;
  /** The value when the parameter is absent. */
  fallback: number;
}

/** Reads the query parameter `name` (`raw`) as a whole number in `range`; 400 `invalid_input` on the parameter otherwise. */
export function wholeNumberParam(raw: string | undefined, name: string, range: WholeNumberRange, locale: Locale): number {
  if (raw === undefined) return range.fallback;
  const fr = locale === 'fr';
  const value = /^[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= range.min)) {
    const message = fr
      ? `${name} doit être un nombre entier de ${range.min} à ${range.max}, écrit en chiffres seuls (par ex. ${name}=${range.fallback}).`
      : `${name} must be a whole number from ${range.min} to ${range.max}, written in plain digits (e.g. ${name}=${range.fallback}).`;
    throw new HttpError(400, 'invalid_input', { issues: [{ path: name, code: 'invalid_input', message }] });
  }
  if (value > range.max) {
    const message = fr ? `${name} vaut au plus ${range.max}.` : `${name} is at most ${range.max}.`;
    throw new HttpError(400, 'invalid_input', { issues: [{ path: name, code: 'too_large', message, params: { max: range.max } }] });
  }
  return value;
}
