/**
 * Look-alike email domains. "gmаil.com" with a Cyrillic "а", or "аррӏе.com"
 * spelled entirely in Cyrillic (and typed as its punycode `xn--80ak6aa92e.com`),
 * reads as a familiar brand; a campaign that stores it mails a stranger, or an
 * attacker. The rule follows browsers' IDN display policy: no label may mix
 * Latin with Cyrillic or Greek, and a label written only in Cyrillic or Greek
 * letters that all have a Latin twin is refused under a Latin top-level domain.
 */

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;

/** The value of one punycode digit (`a`-`z` 0-25, `0`-`9` 26-35), or 36 when the character is not one. */
function digitValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 22;
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 65 && code <= 90) return code - 65;
  return BASE;
}

function adapt(delta: number, length: number, first: boolean): number {
  let scaled = first ? Math.floor(delta / 700) : delta >> 1;
  scaled += Math.floor(scaled / length);
  let k = 0;
  for (; scaled > ((BASE - T_MIN) * T_MAX) >> 1; k += BASE) scaled = Math.floor(scaled / (BASE - T_MIN));
  return k + Math.floor(((BASE - T_MIN + 1) * scaled) / (scaled + 38));
}

/** Decodes the part of an ACE label after `xn--` (RFC 3492); undefined when it is not valid punycode. */
export function decodePunycode(encoded: string): string | undefined {
  const split = encoded.lastIndexOf('-');
  const output = [...encoded.slice(0, Math.max(0, split))].map((c) => c.charCodeAt(0));
  let n = 128;
  let i = 0;
  let bias = 72;
  for (let index = split + 1; index < encoded.length; ) {
    const previous = i;
    for (let weight = 1, k = BASE; ; k += BASE) {
      const digit = digitValue(encoded.charCodeAt(index++));
      if (digit >= BASE || index > encoded.length) return undefined;
      i += digit * weight;
      const threshold = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < threshold) break;
      weight *= BASE - threshold;
    }
    bias = adapt(i - previous, output.length + 1, previous === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    if (n > 0x10ffff) return undefined;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

/** Cyrillic and Greek letters that render like Latin ones. */
const LATIN_TWINS = /^[аеіјорсѕхуһԁӏԛԝьαικνορτυχ]+$/u;

function isConfusableLabel(label: string, latinTopLevel: boolean): boolean {
  const latin = /\p{Script=Latin}/u.test(label);
  const foreign = /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(label);
  if (latin && foreign) return true;
  return foreign && latinTopLevel && LATIN_TWINS.test(label);
}

/**
 * Whether a domain (Unicode or punycode) imitates a Latin one with Cyrillic or
 * Greek letters. Undecodable punycode counts as confusable: no mail server can use it.
 */
export function isConfusableDomain(domain: string): boolean {
  const labels = domain.toLowerCase().split('.');
  const decoded = labels.map((label) => (label.startsWith('xn--') ? decodePunycode(label.slice(4)) : label));
  if (decoded.some((label) => label === undefined)) return true;
  const topLevel = decoded.at(-1) ?? '';
  const latinTopLevel = /^[a-z]+$/.test(topLevel);
  return (decoded as string[]).some((label) => isConfusableLabel(label, latinTopLevel));
}
