/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { prefillFrom, sourceFrom } from './attribution.js';

describe('prefill and attribution', () => {
  it('prefills from the documented parameters and their aliases only', () => {
    expect(prefillFrom('?email=camille%40example.fr&first_name=Camille&last_name=Martin&zip=69001&password=x')).to.deep.equal({
      givenName: 'Camille',
      familyName: 'Martin',
      email: 'camille@example.fr',
      postalCode: '69001',
    });
    expect(prefillFrom('?given_name=A&first_name=B')).to.deep.equal({ givenName: 'A' });
  });

  it('records utm_*, refcode or source, and only the host of the referrer', () => {
    const page = new URL('https://www.example.fr/agir?utm_source=newsletter&utm_campaign=rentree&source=tract&email=x%40y.fr');
    expect(sourceFrom(page, 'https://news.example.org/article/42?token=secret')).to.deep.equal({
      utmSource: 'newsletter',
      utmCampaign: 'rentree',
      refcode: 'tract',
      referrerHost: 'news.example.org',
      pageUrl: page.href,
    });
    expect(sourceFrom(new URL('https://www.example.fr/?refcode=a&source=b'), '').refcode).to.equal('a');
    expect(sourceFrom(new URL('file:///tmp/page.html'), '')).to.deep.equal({});
  });
});
