/**
 * Field-level building blocks. Every check names its stable issue code as its
 * error, so a failed parse can be turned into translated field issues without
 * guessing from zod's English messages.
 */
import * as z from 'zod/mini';
import { isConfusableDomain } from './domain.js';
import { cleanLine, cleanMultiline } from './text.js';

/** Free one-line text, cleaned, between `min` and `max` characters. */
export function line(max: number, min = 1) {
  return z.string({ error: 'invalid_type' }).check(
    z.overwrite(cleanLine),
    z.minLength(min, { error: min === 1 ? 'required' : 'too_short' }),
    z.maxLength(max, { error: 'too_long' }),
    z.refine((v) => !/[<>]/.test(v), { error: 'invalid_text' }),
  );
}

/** Free multi-line text (comments, notes), cleaned, at most `max` characters. */
export function paragraph(max: number) {
  return z.string({ error: 'invalid_type' }).check(z.overwrite(cleanMultiline), z.maxLength(max, { error: 'too_long' }));
}

/**
 * A person's name. It must start with a letter and hold only letters, marks,
 * spaces, apostrophes, hyphens and dots: this refuses markup (`<script>`) and
 * spreadsheet formulas (`=HYPERLINK(...)`) at the door, and no real name needs more.
 */
export const personName = /* @__PURE__ */ (() =>
  z
    .string({ error: 'invalid_type' })
    .check(
      z.overwrite(cleanLine),
      z.minLength(1, { error: 'required' }),
      z.maxLength(100, { error: 'too_long' }),
      z.regex(/^\p{L}[\p{L}\p{M}'’ .-]*$/u, { error: 'invalid_name' }),
    ))();

/**
 * The WHATWG "valid e-mail address" (what `<input type=email>` accepts), with a
 * dot required in the domain. Quoted local parts are refused: browsers refuse
 * them too, and they are a classic injection vector.
 */
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Lower-cases the domain (never the local part, which is case-sensitive by RFC 5321). */
function normaliseEmail(value: string): string {
  const cleaned = cleanLine(value).replace(/\s/g, '');
  const at = cleaned.lastIndexOf('@');
  if (at < 1) return cleaned;
  return `${cleaned.slice(0, at)}@${cleaned.slice(at + 1).toLowerCase()}`;
}

/** Internationalised domains are stored in their ASCII (punycode) form, the one mail servers use. */
function domainToAscii(email: string): string {
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1);
  if (at < 1 || /^[\x00-\x7F]*$/.test(domain)) return email;
  try {
    return `${email.slice(0, at)}@${new URL(`http://${domain}`).hostname}`;
  } catch {
    return email;
  }
}

export const email = /* @__PURE__ */ (() =>
  z.string({ error: 'invalid_type' }).check(
    z.overwrite(normaliseEmail),
    z.minLength(1, { error: 'required' }),
    z.maxLength(254, { error: 'too_long' }),
    z.refine((v) => v.lastIndexOf('@') <= 64, { error: 'email_local_too_long', abort: true }),
    z.refine((v) => !isConfusableDomain(v.slice(v.lastIndexOf('@') + 1)), { error: 'email_domain_confusable', abort: true }),
    z.overwrite(domainToAscii),
    z.regex(EMAIL, { error: 'invalid_email' }),
  ))();

/** E.164 phone number. Spaces, dots, dashes and brackets are removed; a leading 00 becomes +. */
export const phone = /* @__PURE__ */ (() =>
  z.string({ error: 'invalid_type' }).check(
    z.overwrite((v) =>
      cleanLine(v)
        .replace(/[\s.()-]/g, '')
        .replace(/^00/, '+'),
    ),
    z.regex(/^\+[1-9]\d{6,14}$/, { error: 'invalid_phone' }),
  ))();

export const postalCode = /* @__PURE__ */ (() =>
  z.string({ error: 'invalid_type' }).check(
    z.overwrite((v) => cleanLine(v).toUpperCase()),
    z.regex(/^[A-Z0-9][A-Z0-9 -]{1,9}$/, { error: 'invalid_postal_code' }),
  ))();

/** ISO 3166-1 alpha-2 codes, packed two letters each to keep browser bundles small. */
const COUNTRIES =
  'ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW';

/** Whether `code` (upper-case) is one of the packed two- or three-letter codes in `packed`. */
export function inPackedList(packed: string, code: string): boolean {
  const size = code.length;
  for (let i = 0; i < packed.length; i += size) if (packed.slice(i, i + size) === code) return true;
  return false;
}

export const country = /* @__PURE__ */ (() =>
  z.string({ error: 'invalid_type' }).check(
    z.overwrite((v) => cleanLine(v).toUpperCase()),
    z.regex(/^[A-Z]{2}$/, { error: 'invalid_country' }),
    z.refine((v) => inPackedList(COUNTRIES, v), { error: 'invalid_country' }),
  ))();

/** A BCP 47 language tag reduced to language and optional region: `fr`, `en-GB`. */
export const language = /* @__PURE__ */ (() =>
  z.string({ error: 'invalid_type' }).check(
    z.overwrite((v) => {
      const [lang = '', region] = cleanLine(v).replace('_', '-').split('-');
      return region ? `${lang.toLowerCase()}-${region.toUpperCase()}` : lang.toLowerCase();
    }),
    z.regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, { error: 'invalid_language' }),
  ))();

/** Query parameters that prefill forms with personal data: never kept in a stored page URL. */
const PERSONAL_PARAMS = ['email', 'given_name', 'family_name', 'first_name', 'last_name', 'name', 'phone', 'postal_code', 'zip'];

/** Drops personal prefill parameters and the fragment from a page URL before it is stored. */
function scrubPageUrl(value: string): string {
  const cleaned = cleanLine(value);
  try {
    const url = new URL(cleaned);
    for (const param of PERSONAL_PARAMS) url.searchParams.delete(param);
    url.hash = '';
    return url.href;
  } catch {
    return cleaned;
  }
}

/** Whether `value` parses as an http(s) URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** An http(s) URL, scrubbed of personal prefill parameters, at most 2,048 characters. */
export const pageUrl = /* @__PURE__ */ (() =>
  z
    .string({ error: 'invalid_type' })
    .check(z.overwrite(scrubPageUrl), z.maxLength(2048, { error: 'too_long' }), z.refine(isHttpUrl, { error: 'invalid_url' })))();

/** A host name such as `www.example.org` (referrer host: never the full referrer URL). */
export const hostName = /* @__PURE__ */ (() =>
  z.string({ error: 'invalid_type' }).check(
    z.overwrite((v) => cleanLine(v).toLowerCase()),
    z.maxLength(253, { error: 'too_long' }),
    z.regex(/^[a-z0-9.-]+(:\d{1,5})?$/, { error: 'invalid_url' }),
  ))();

/** Identifier of a petition, event or other public object known to the relay. */
export const objectId = /* @__PURE__ */ (() =>
  z
    .string({ error: 'invalid_type' })
    .check(z.overwrite(cleanLine), z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { error: 'invalid_id' })))();

/** A tag or list name: letters, digits, space, `_ : . -`, 1 to 64 characters. */
export const tag = /* @__PURE__ */ (() =>
  z
    .string({ error: 'invalid_type' })
    .check(z.overwrite(cleanLine), z.regex(/^[\p{L}\p{N}][\p{L}\p{N} _:.-]{0,63}$/u, { error: 'invalid_tag' })))();

/** At most 20 distinct tags. */
export const tags = /* @__PURE__ */ (() =>
  z.array(tag).check(
    z.maxLength(20, { error: 'too_many' }),
    z.refine((list) => new Set(list).size === list.length, { error: 'duplicate' }),
  ))();
