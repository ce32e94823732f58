import { domainToUnicode } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodePunycode, isConfusableDomain } from './domain.js';

describe('decodePunycode', () => {
  it('decodes like the WHATWG URL parser', () => {
    for (const label of [
      'xn--bcher-kva',
      'xn--mnchen-3ya',
      'xn--e1afmkfd',
      'xn--80ak6aa92e',
      'xn--fiqs8s',
      'xn--caf-dma',
      'xn--ls8h',
      'xn--p1ai',
    ]) {
      expect(decodePunycode(label.slice(4))).toBe(domainToUnicode(`${label}.org`).split('.')[0]);
    }
  });

  it('refuses what is not punycode', () => {
    expect(decodePunycode('zz')).toBeUndefined();
    expect(decodePunycode('a$b')).toBeUndefined();
  });
});

describe('isConfusableDomain', () => {
  it('flags Latin mixed with Cyrillic or Greek, in Unicode or punycode', () => {
    expect(isConfusableDomain('gmаil.com')).toBe(true);
    expect(isConfusableDomain('exαmple.org')).toBe(true);
    expect(isConfusableDomain(new URL('http://gmаil.com').hostname)).toBe(true);
  });

  it('flags a whole label of Latin look-alikes under a Latin top-level domain ("аррӏе.com")', () => {
    expect(isConfusableDomain('аррӏе.com')).toBe(true);
    expect(isConfusableDomain('xn--80ak6aa92e.com')).toBe(true);
  });

  it('accepts honest internationalised domains and undecodable labels are refused', () => {
    expect(isConfusableDomain('bücher.de')).toBe(false);
    expect(isConfusableDomain('xn--bcher-kva.de')).toBe(false);
    expect(isConfusableDomain('пример.рф')).toBe(false);
    expect(isConfusableDomain('xn--e1afmkfd.xn--p1ai')).toBe(false);
    expect(isConfusableDomain('example.org')).toBe(false);
    expect(isConfusableDomain('xn--zz.org')).toBe(true);
  });
});
