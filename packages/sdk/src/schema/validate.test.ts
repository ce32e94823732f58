import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  contactInput,
  donationInput,
  emailConsent,
  fieldResultInput,
  petitionInput,
  rsvpInput,
  signupInput,
  TEXT_HASH,
} from '../../test/fixtures.js';
import { messageFor } from '../messages/index.js';
import { ISSUE_CODES } from './codes.js';
import type { ActionKind } from './envelope.js';
import { actionJsonSchemas } from './json-schema.js';
import { validateAction } from './validate.js';

/** The issues of an invalid input as `[path, code]` pairs (fails the test when the input is valid). */
function issuesOf(kind: ActionKind, input: unknown, locale = 'en'): [string, string][] {
  const result = validateAction(kind, input, locale);
  if (result.ok) throw new Error(`expected ${kind} to be refused: ${JSON.stringify(input).slice(0, 200)}`);
  return result.issues.map((issue) => [issue.path, issue.code]);
}

function dataOf<K extends ActionKind>(kind: K, input: unknown) {
  const result = validateAction(kind, input);
  if (!result.ok) throw new Error(`expected ${kind} to be valid: ${JSON.stringify(result.issues)}`);
  return result.data;
}

const withPerson = (person: Record<string, unknown>) => ({ ...signupInput(), person: { email: 'camille@example.fr', ...person } });
const donationOf = (overrides: Record<string, unknown>) => ({ ...donationInput(), ...overrides });

describe('valid input for every action', () => {
  it('accepts each fixture and applies defaults', () => {
    expect(dataOf('signup', signupInput()).person.email).toBe('camille@example.fr');
    expect(dataOf('petition_signature', petitionInput())).toMatchObject({ isPublic: false, comment: 'Merci !' });
    expect(dataOf('rsvp', rsvpInput())).toMatchObject({ guests: 2, status: 'attending' });
    expect(dataOf('donation', donationInput())).toMatchObject({ amount: 2500, currency: 'EUR', recurrence: 'one_off' });
    expect(dataOf('contact', contactInput())).toMatchObject({ handle: 'camille@mastodon.social', revealsPoliticalOpinion: true });
  });

  it('normalises what people type: trims, NFC, lower-cases the email domain only, E.164 phones, upper-case countries', () => {
    const data = dataOf(
      'signup',
      withPerson({
        givenName: '  Le\u0301a  ',
        email: ' Lea.Martin@EXAMPLE.FR ',
        phone: '0033 6 12-34.56 78',
        country: 'fr',
        postalCode: ' 69001 ',
        addressLines: ['  3 place Bellecour '],
        locality: ' Lyon ',
        language: 'fr_ca',
      }),
    );
    expect(data.person).toEqual({
      givenName: 'Léa',
      email: 'Lea.Martin@example.fr',
      phone: '+33612345678',
      country: 'FR',
      postalCode: '69001',
      addressLines: ['3 place Bellecour'],
      locality: 'Lyon',
      language: 'fr-CA',
    });
  });

  it('keeps normalised output valid input, so the relay accepts what the client sends', () => {
    for (const [kind, input] of [
      ['signup', withPerson({ email: 'camille@bücher.de', givenName: 'Ca\u200Bmille' })],
      ['contact', contactInput()],
      ['donation', donationInput()],
    ] as [ActionKind, unknown][]) {
      const once = dataOf(kind, input);
      expect(dataOf(kind, JSON.parse(JSON.stringify(once)))).toEqual(once);
    }
  });

  it('scrubs personal prefill parameters and the fragment from the page URL; keeps only the referrer host', () => {
    const data = dataOf('signup', {
      ...signupInput(),
      source: { pageUrl: 'https://www.example.fr/agir?email=a%40b.fr&given_name=A&utm_source=tw#form', referrerHost: 'WWW.Example.ORG' },
    });
    expect(data.source).toEqual({ pageUrl: 'https://www.example.fr/agir?utm_source=tw', referrerHost: 'www.example.org' });
    expect(issuesOf('signup', { ...signupInput(), source: { referrerHost: 'https://www.example.org/page' } })).toEqual([
      ['source.referrerHost', 'invalid_url'],
    ]);
    expect(issuesOf('signup', { ...signupInput(), source: { pageUrl: 'javascript:alert(1)' } })).toEqual([
      ['source.pageUrl', 'invalid_url'],
    ]);
  });
});

describe('bad inputs from privacy-and-compliance.md', () => {
  it('refuses a 10,000-character name', () => {
    expect(issuesOf('signup', withPerson({ givenName: 'a'.repeat(10_000) }))).toEqual([['person.givenName', 'too_long']]);
  });

  it('refuses markup in names', () => {
    expect(issuesOf('signup', withPerson({ givenName: '<script>alert(1)</script>' }))).toEqual([['person.givenName', 'invalid_name']]);
    expect(issuesOf('signup', withPerson({ familyName: '<img src=x onerror=alert(1)>' }))).toEqual([['person.familyName', 'invalid_name']]);
    expect(issuesOf('petition_signature', { ...petitionInput(), tags: ['<b>'] })).toEqual([['tags.0', 'invalid_tag']]);
    expect(issuesOf('contact', { ...contactInput(), displayName: '<svg onload=alert(1)>' })).toEqual([['displayName', 'invalid_text']]);
  });

  it('refuses the quoted "><script> address, valid by RFC 5322 but not by browsers', () => {
    expect(issuesOf('signup', withPerson({ email: '"><script>alert(1);</script>"@example.org' }))).toEqual([
      ['person.email', 'invalid_email'],
    ]);
  });

  it('refuses spreadsheet formulas in names', () => {
    for (const formula of ['=HYPERLINK("http://evil.example","click")', '+33 CALL()', '-2+3', '@SUM(A1:A9)']) {
      expect(issuesOf('signup', withPerson({ familyName: formula }))).toEqual([['person.familyName', 'invalid_name']]);
    }
  });

  it('refuses homoglyph and look-alike punycode domains, accepts honest internationalised ones', () => {
    expect(issuesOf('signup', withPerson({ email: 'camille@gmаil.com' }))).toEqual([['person.email', 'email_domain_confusable']]);
    expect(issuesOf('signup', withPerson({ email: 'camille@xn--80ak6aa92e.com' }))).toEqual([['person.email', 'email_domain_confusable']]);
    expect(dataOf('signup', withPerson({ email: 'camille@bücher.de' })).person.email).toBe('camille@xn--bcher-kva.de');
  });

  it('strips RTL overrides and zero-width characters instead of storing them', () => {
    expect(dataOf('signup', withPerson({ givenName: 'Ad\u202Emin', familyName: 'Mar\u200Btin\uFEFF' })).person).toMatchObject({
      givenName: 'Admin',
      familyName: 'Martin',
    });
    expect(dataOf('petition_signature', { ...petitionInput(), comment: 'Bra\u2066vo\u2069 !' }).comment).toBe('Bravo !');
  });

  it('stores NFC and NFD spellings of a name identically', () => {
    const nfc = dataOf('signup', withPerson({ givenName: 'Hélène'.normalize('NFC') })).person.givenName;
    const nfd = dataOf('signup', withPerson({ givenName: 'Hélène'.normalize('NFD') })).person.givenName;
    expect(nfd).toBe(nfc);
    expect(nfd).toHaveLength(6);
  });

  it('refuses local parts over 64 characters and emails over 254', () => {
    expect(dataOf('signup', withPerson({ email: `${'a'.repeat(64)}@example.org` })).person.email).toHaveLength(76);
    expect(issuesOf('signup', withPerson({ email: `${'a'.repeat(65)}@example.org` }))).toEqual([['person.email', 'email_local_too_long']]);
    const label = 'b'.repeat(63);
    const long = `${'a'.repeat(60)}@${label}.${label}.${label}.org`;
    expect(long.length).toBeGreaterThan(254);
    expect(issuesOf('signup', withPerson({ email: long }))).toEqual([['person.email', 'too_long']]);
  });

  it('refuses amounts -1, 0, 4600.001, "4,600", NaN and Infinity with the right code', () => {
    expect(issuesOf('donation', donationOf({ amount: -1 }))).toEqual([['amount', 'too_small']]);
    expect(issuesOf('donation', donationOf({ amount: 0 }))).toEqual([['amount', 'too_small']]);
    expect(issuesOf('donation', donationOf({ amount: 4600.001 }))).toEqual([['amount', 'not_integer']]);
    expect(issuesOf('donation', donationOf({ amount: 460_000.1 }))).toEqual([['amount', 'not_integer']]);
    expect(issuesOf('donation', donationOf({ amount: '4,600' }))).toEqual([['amount', 'invalid_type']]);
    expect(issuesOf('donation', donationOf({ amount: Number.NaN }))).toEqual([['amount', 'invalid_type']]);
    expect(issuesOf('donation', donationOf({ amount: Number.POSITIVE_INFINITY }))).toEqual([['amount', 'invalid_type']]);
    expect(issuesOf('donation', donationOf({ amount: undefined }))).toEqual([['amount', 'required']]);
  });

  it('refuses a single gift over the profile cap (EUR 4,600 per donor, Code électoral L52-8)', () => {
    expect(dataOf('donation', donationOf({ amount: 460_000 })).amount).toBe(460_000);
    const result = validateAction('donation', donationOf({ amount: 460_001 }));
    expect(result.ok ? [] : result.issues).toEqual([
      {
        path: 'amount',
        code: 'cap_exceeded',
        message: 'This exceeds the legal limit per donor (Code électoral L52-8).',
        params: { max: 460_000, rule: 'Code électoral L52-8' },
      },
    ]);
  });

  it('refuses unticked attestations, a currency the profile does not use, and an implied monthly gift', () => {
    const compliance = { profile: 'fr-candidate', textVersion: 'don-v1', attestations: ['natural_person'] };
    expect(issuesOf('donation', donationOf({ compliance }))).toEqual([['compliance.attestations', 'attestation_missing']]);
    expect(issuesOf('donation', donationOf({ currency: 'USD' }))).toEqual([['currency', 'currency_mismatch']]);
    expect(issuesOf('donation', donationOf({ recurrence: undefined }))).toEqual([['recurrence', 'required']]);
  });

  it('asks US donors above USD 200 for employer and occupation', () => {
    const compliance = {
      profile: 'us-fec',
      textVersion: 'fec-v1',
      attestations: ['us_citizen_or_permanent_resident', 'own_funds', 'not_federal_contractor', 'adult'],
    };
    const base = { ...donationInput(), currency: 'USD', compliance };
    expect(dataOf('donation', { ...base, amount: 20_000 }).amount).toBe(20_000);
    expect(issuesOf('donation', { ...base, amount: 20_001 })).toEqual([
      ['compliance.employer', 'employer_required'],
      ['compliance.occupation', 'occupation_required'],
    ]);
    expect(
      dataOf('donation', { ...base, amount: 20_001, compliance: { ...compliance, employer: 'Acme', occupation: 'Nurse' } }).amount,
    ).toBe(20_001);
  });

  it('never accepts pre-ticked or implicit consent', () => {
    const grant = emailConsent[0];
    expect(issuesOf('signup', { ...signupInput(), consent: [{ ...grant, granted: false }] })).toEqual([
      ['consent.0.granted', 'consent_not_explicit'],
    ]);
    expect(issuesOf('signup', { ...signupInput(), consent: [{ ...grant, granted: 'on' }] })).toEqual([
      ['consent.0.granted', 'consent_not_explicit'],
    ]);
    expect(issuesOf('signup', { ...signupInput(), consent: [{ ...grant, granted: undefined }] })).toEqual([
      ['consent.0.granted', 'required'],
    ]);
    expect(issuesOf('signup', { person: { email: 'a@example.org' } })).toEqual([['consent', 'required']]);
    expect(issuesOf('signup', { ...signupInput(), consent: [grant, grant] })).toEqual([['consent', 'duplicate']]);
    expect(issuesOf('signup', { ...signupInput(), consent: [{ ...grant, textHash: 'sha256:abc' }] })).toEqual([
      ['consent.0.textHash', 'invalid_hash'],
    ]);
    expect(dataOf('signup', { ...signupInput(), consent: [] }).consent).toEqual([]);
  });

  it('refuses unknown fields, so nothing unexpected is ever stored', () => {
    expect(issuesOf('signup', { ...signupInput(), isAdmin: true })).toEqual([['isAdmin', 'unknown_field']]);
    expect(issuesOf('signup', withPerson({ ssn: '1' }))).toEqual([['person.ssn', 'unknown_field']]);
  });
});

describe('per-action rules', () => {
  it('person: a street address is one to three lines of plain text, with a locality', () => {
    expect(issuesOf('signup', withPerson({ addressLines: [] }))).toEqual([['person.addressLines', 'too_few']]);
    expect(issuesOf('signup', withPerson({ addressLines: ['1', '2', '3', '4'] }))).toEqual([['person.addressLines', 'too_many']]);
    expect(issuesOf('signup', withPerson({ addressLines: ['<img src=x>'], locality: '' }))).toEqual([
      ['person.addressLines.0', 'invalid_text'],
      ['person.locality', 'required'],
    ]);
  });

  it('petition: ids are safe path segments, comments are bounded', () => {
    expect(issuesOf('petition_signature', { ...petitionInput(), petitionId: '../admin' })).toEqual([['petitionId', 'invalid_id']]);
    expect(issuesOf('petition_signature', { ...petitionInput(), comment: 'x'.repeat(1001) })).toEqual([['comment', 'too_long']]);
    expect(dataOf('petition_signature', { ...petitionInput(), isPublic: true }).isPublic).toBe(true);
  });

  it('rsvp: guests 0-20 and a known status', () => {
    expect(issuesOf('rsvp', { ...rsvpInput(), guests: 21 })).toEqual([['guests', 'too_large']]);
    expect(issuesOf('rsvp', { ...rsvpInput(), guests: -1 })).toEqual([['guests', 'too_small']]);
    expect(issuesOf('rsvp', { ...rsvpInput(), status: 'perhaps' })).toEqual([['status', 'invalid_choice']]);
  });

  it('contact: handle, network, support level and lawful basis; opinion-revealing interactions are marked and cannot be cleared', () => {
    expect(issuesOf('contact', { ...contactInput(), handle: 'two words' })).toEqual([['handle', 'invalid_handle']]);
    expect(issuesOf('contact', { ...contactInput(), network: 'myspace' })).toEqual([['network', 'invalid_choice']]);
    expect(issuesOf('contact', { ...contactInput(), supportLevel: 6 })).toEqual([['supportLevel', 'too_large']]);
    expect(issuesOf('contact', { ...contactInput(), lawfulBasis: undefined })).toEqual([['lawfulBasis', 'required']]);
    expect(issuesOf('contact', { ...contactInput(), capturedAt: '29/11/2026' })).toEqual([['capturedAt', 'invalid_date']]);
    expect(dataOf('contact', { ...contactInput(), interaction: 'liked', revealsPoliticalOpinion: false }).revealsPoliticalOpinion).toBe(
      true,
    );
    expect(dataOf('contact', { ...contactInput(), interaction: 'messaged' }).revealsPoliticalOpinion).toBe(false);
  });

  it('field result: a known outcome, support level 1-5, a slice reference, and no person a volunteer could slip in', () => {
    expect(dataOf('field_result', { ...fieldResultInput(), note: '  Rappeler   après 18 h ' }).note).toBe('Rappeler après 18 h');
    expect(issuesOf('field_result', { ...fieldResultInput(), outcome: 'hung_up' })).toEqual([['outcome', 'invalid_choice']]);
    expect(issuesOf('field_result', { ...fieldResultInput(), supportLevel: 0 })).toEqual([['supportLevel', 'too_small']]);
    expect(issuesOf('field_result', { ...fieldResultInput(), ref: '42' })).toEqual([['ref', 'invalid_id']]);
    expect(issuesOf('field_result', { ...fieldResultInput(), yardSign: 'yes' })).toEqual([['yardSign', 'invalid_type']]);
    expect(issuesOf('field_result', { ...fieldResultInput(), person: { email: 'a@example.org' } })).toEqual([['person', 'unknown_field']]);
  });
});

describe('messages in English and French', () => {
  it('gives every issue code a message in both languages', () => {
    for (const code of ISSUE_CODES) {
      const params = { min: 1, max: 2, expected: 'EUR', rule: 'L52-8', missing: 'own_funds', remaining: 100 };
      expect(messageFor(code, 'en', params)).toMatch(/\S/);
      expect(messageFor(code, 'fr', params)).toMatch(/\S/);
      expect(messageFor(code, 'fr', params)).not.toBe(messageFor(code, 'en', params));
    }
  });

  it('translates field issues by locale, keeping the same codes', () => {
    const input = withPerson({ email: 'nope', givenName: 'x'.repeat(101) });
    const en = validateAction('signup', input, 'en');
    const fr = validateAction('signup', input, 'fr-CA');
    expect(en.ok || fr.ok).toBe(false);
    if (en.ok || fr.ok) return;
    expect(fr.issues.map((i) => [i.path, i.code])).toEqual(en.issues.map((i) => [i.path, i.code]));
    expect(en.issues.find((i) => i.path === 'person.givenName')?.message).toBe('Enter at most 100 characters.');
    expect(fr.issues.find((i) => i.path === 'person.givenName')?.message).toMatch(/100 caractères/);
    expect(fr.issues.find((i) => i.path === 'person.email')?.message).not.toBe(en.issues.find((i) => i.path === 'person.email')?.message);
  });
});

describe('JSON Schema export', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const schemas = actionJsonSchemas();

  it('has one JSON Schema per action kind that ajv compiles', () => {
    expect(Object.keys(schemas).sort()).toEqual(['contact', 'donation', 'field_result', 'petition_signature', 'rsvp', 'signup']);
    for (const schema of Object.values(schemas)) expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('accepts the bodies the client sends (normalised data) and refuses structural violations', () => {
    const body = (kind: ActionKind, input: unknown) => JSON.parse(JSON.stringify(dataOf(kind, input)));
    const validateSignup = ajv.compile(schemas.signup);
    expect(validateSignup(body('signup', signupInput()))).toBe(true);
    expect(validateSignup({ ...signupInput(), isAdmin: true })).toBe(false);
    expect(validateSignup({ person: { email: 'a@example.org' } })).toBe(false);
    expect(validateSignup({ ...signupInput(), consent: [{ ...emailConsent[0], granted: false }] })).toBe(false);
    expect(validateSignup({ ...signupInput(), consent: [{ ...emailConsent[0], textHash: TEXT_HASH.slice(0, 20) }] })).toBe(false);
    const validateDonation = ajv.compile(schemas.donation);
    expect(validateDonation(body('donation', donationInput()))).toBe(true);
    expect(validateDonation({ ...donationInput(), amount: 25.5 })).toBe(false);
    expect(validateDonation({ ...donationInput(), recurrence: 'weekly' })).toBe(false);
    const validateContact = ajv.compile(schemas.contact);
    expect(validateContact(body('contact', contactInput()))).toBe(true);
    expect(validateContact({ ...body('contact', contactInput()), supportLevel: 9 })).toBe(false);
    expect(ajv.compile(schemas.petition_signature)(body('petition_signature', petitionInput()))).toBe(true);
    expect(ajv.compile(schemas.rsvp)(body('rsvp', rsvpInput()))).toBe(true);
  });
});
