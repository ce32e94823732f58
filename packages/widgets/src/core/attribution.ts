/**
 * Prefill and attribution from the page's own URL. Nothing comes from any
 * other site or shared pool: only what this page's address says.
 */
import type { Source } from '@tract/sdk/schema';

/** URL parameters that prefill a field, with their aliases (documented in the README). */
export const PREFILL_PARAMS = {
  givenName: ['given_name', 'first_name'],
  familyName: ['family_name', 'last_name'],
  email: ['email'],
  phone: ['phone'],
  postalCode: ['postal_code', 'zip'],
} as const;

export type PrefillField = keyof typeof PREFILL_PARAMS;

/** Field values the page URL provides. */
export function prefillFrom(search: string): Partial<Record<PrefillField, string>> {
  const params = new URLSearchParams(search);
  const values: Partial<Record<PrefillField, string>> = {};
  for (const [field, names] of Object.entries(PREFILL_PARAMS) as [PrefillField, readonly string[]][]) {
    const value = names.map((name) => params.get(name)).find((v) => v);
    if (value) values[field] = value;
  }
  return values;
}

const UTM = {
  utm_source: 'utmSource',
  utm_medium: 'utmMedium',
  utm_campaign: 'utmCampaign',
  utm_term: 'utmTerm',
  utm_content: 'utmContent',
} as const;

/**
 * The action's source: `utm_*`, `refcode` (or `source`), the referrer's host
 * only, and the page URL (the schema strips prefill parameters from it).
 */
export function sourceFrom(location: Location | URL, referrer: string): Source {
  const params = new URLSearchParams(location.search);
  const source: Source = {};
  for (const [param, key] of Object.entries(UTM) as [keyof typeof UTM, (typeof UTM)[keyof typeof UTM]][]) {
    const value = params.get(param);
    if (value) source[key] = value.slice(0, 200);
  }
  const refcode = params.get('refcode') || params.get('source');
  if (refcode) source.refcode = refcode.slice(0, 100);
  if (referrer) {
    try {
      source.referrerHost = new URL(referrer).host;
    } catch {
      // An unparsable referrer is simply not recorded.
    }
  }
  if (location.protocol === 'https:' || location.protocol === 'http:') source.pageUrl = location.href;
  return source;
}
