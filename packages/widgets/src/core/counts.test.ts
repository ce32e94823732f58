/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { formatCount, THOUSANDS_SEPARATORS } from './counts.js';

describe('counts', () => {
  it('writes counts exactly as Intl does in every locale written without it', () => {
    for (const locale of Object.keys(THOUSANDS_SEPARATORS)) {
      for (const n of [0, 7, 999, 1000, 25000, 1234567])
        expect(formatCount(n, locale), `${locale} ${n}`).to.equal(n.toLocaleString(locale));
    }
  });

  it('leaves other locales and other numbers to Intl', () => {
    expect(formatCount(1234567, 'de')).to.equal((1234567).toLocaleString('de'));
    expect(formatCount(-1200, 'fr')).to.equal((-1200).toLocaleString('fr'));
  });
});
