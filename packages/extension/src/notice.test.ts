import type { Contact } from '@tract/sdk/schema';
import { describe, expect, it } from 'vitest';
import { estimatedRetainUntil, formatDate, informNotice } from './notice.js';

const contact: Contact = {
  network: 'instagram',
  handle: 'camille.lyon',
  displayName: 'Camille Martin',
  profileUrl: 'https://www.instagram.com/camille.lyon/',
  interaction: 'commented',
  lawfulBasis: 'legitimate_interest',
  informed: false,
  sourcePageUrl: 'https://www.instagram.com/p/C0ffee/',
  capturedAt: '2026-11-29T04:00:00.000Z',
  revealsPoliticalOpinion: true,
};

describe('the notice to a person clipped without consent', () => {
  it('names the holder, the network, the page and the date, and the deletion date, in French', () => {
    const text = informNotice(contact, 'Équipe Lyon', '2027-05-29T04:00:00.000Z', 'fr');
    expect(text).toContain('Bonjour Camille Martin');
    expect(text).toContain('Équipe Lyon');
    expect(text).toContain('Instagram (https://www.instagram.com/p/C0ffee/)');
    expect(text).toContain('29 novembre 2026');
    expect(text).toContain('29 mai 2027');
    expect(text).toContain('CNIL');
    expect(text).not.toMatch(/\$\d/);
  });

  it('says the same in English', () => {
    const text = informNotice(contact, 'Lyon team', '2027-05-29T04:00:00.000Z', 'en');
    expect(text).toContain('Hello Camille Martin, this is Lyon team');
    expect(text).toContain('Instagram (https://www.instagram.com/p/C0ffee/)');
    expect(text).toContain('29 November 2026');
    expect(text).toContain('29 May 2027');
  });

  it('falls back to "our campaign team" when the relay gave the token no name', () => {
    expect(informNotice(contact, '', '2027-05-29', 'en')).toContain('this is our campaign team');
    expect(informNotice(contact, '', '2027-05-29', 'fr')).toContain('ici notre équipe de campagne');
  });

  it('estimates deletion six months after capture until the relay answers', () => {
    expect(estimatedRetainUntil('2026-11-29T04:00:00.000Z').toISOString()).toBe('2027-05-29T04:00:00.000Z');
    expect(formatDate(estimatedRetainUntil('2026-11-29T04:00:00.000Z'), 'fr')).toBe('29 mai 2027');
  });
});
