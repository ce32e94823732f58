/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { formatMoney, parseAmount } from './money.js';

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
});
