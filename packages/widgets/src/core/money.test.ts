/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { CURRENCY_AFFIXES, formatMoney, parseAmount } from './money.js';

describe('amounts', () => {
  it('parses what people type into minor units', () => {
    expect(parseAmount('25')).to.equal(2500);
    expect(parseAmount('25,50')).to.equal(2550);
    expect(parseAmount('25.5')).to.equal(2550);
    expect(parseAmount('1 000 €')).to.equal(100000);
    expect(parseAmount('4,600')).to.be.NaN;
    expect(parseAmount('-1')).to.be.NaN;
    expect(parseAmount('abc')).to.be.NaN;
    expect(parseAmount('')).to.be.NaN;
  });

  it('formats with Intl in the locale, without decimals when whole', () => {
    expect(formatMoney(2500, 'EUR', 'fr')).to.equal(
      new Intl.NumberFormat('fr', { style: 'currency', currency: 'EUR', minimumFractionDigits: 0 }).format(25),
    );
    expect(formatMoney(2550, 'USD', 'en')).to.equal('$25.50');
    expect(formatMoney(50000, 'GBP', 'en')).to.equal('£500');
  });

  it('formats whole amounts of the common pairs exactly as Intl does, without building a formatter', () => {
    const amounts = [0, 1, 10, 25, 999, 1000, 4600, 7500, 12345, 100000, 1234567];
    let pairs = 0;
    for (const [locale, currencies] of Object.entries(CURRENCY_AFFIXES)) {
      for (const currency of Object.keys(currencies)) {
        const intl = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 0 });
        for (const units of amounts)
          expect(formatMoney(units * 100, currency, locale), `${locale} ${currency} ${units}`).to.equal(intl.format(units));
        pairs++;
      }
    }
    expect(pairs).to.equal(15);
  });

  it('leaves other locales, currencies and cents to Intl', () => {
    expect(formatMoney(460000, 'CHF', 'fr-CH')).to.equal(
      new Intl.NumberFormat('fr-CH', { style: 'currency', currency: 'CHF', minimumFractionDigits: 0 }).format(4600),
    );
    expect(formatMoney(2550, 'EUR', 'fr')).to.equal(
      new Intl.NumberFormat('fr', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2 }).format(25.5),
    );
  });
});
