import { describe, expect, it } from 'vitest';
import { canonicalJson, requestHash } from './idempotency.js';

/** The plain definition: entries sorted by key, each value canonical (what idempotency records were hashed with). */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('canonicalJson', () => {
  const body = {
    source: { utmSource: 'tv', pageUrl: 'https://exemple.fr/agir?x="1"' },
    person: { familyName: 'Lefèvre', givenName: 'Zoé', email: 'zoe@example.fr', addressLines: ['1 rue A', '2e étage'] },
    consent: [
      { purpose: 'email', granted: true, textVersion: 'v1', language: 'fr' },
      { purpose: 'sms', granted: false },
    ],
    amount: 1500,
    note: null,
    'clé é': 1,
    Zebra: 2,
    zebra: 3,
  };

  it('writes the same text as the plain definition, keys in code-unit order at every depth', () => {
    expect(canonicalJson(body)).toBe(reference(body));
    expect(canonicalJson(body).indexOf('"Zebra"')).toBeLessThan(canonicalJson(body).indexOf('"amount"'));
  });

  it('gives equal bodies the same hash whatever their key order, and keeps array order', () => {
    const { email, ...rest } = body.person;
    const reordered = JSON.parse(JSON.stringify({ ...body, person: { email, ...rest } }));
    const shuffled = Object.fromEntries(Object.entries(reordered).reverse());
    expect(requestHash('POST /v1/signups', shuffled)).toBe(requestHash('POST /v1/signups', body));
    const swapped = { ...body, consent: [...body.consent].reverse() };
    expect(requestHash('POST /v1/signups', swapped)).not.toBe(requestHash('POST /v1/signups', body));
  });
});
