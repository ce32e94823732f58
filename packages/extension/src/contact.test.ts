import { describe, expect, it } from 'vitest';
import { buildContact, type InteractionEntry, needsInformNotice } from './contact.js';
import type { ClippedProfile } from './extractors/types.js';

const profile: ClippedProfile = {
  network: 'x',
  handle: 'camille_lyon',
  displayName: 'Camille Martin',
  profileUrl: 'https://x.com/camille_lyon',
  avatarUrl: 'https://pbs.twimg.com/profile_images/1/camille.jpg',
  postUrl: 'https://x.com/camille_lyon/status/1',
};

const entry: InteractionEntry = {
  interaction: 'shared',
  note: '',
  tags: [],
  supportLevel: undefined,
  lawfulBasis: 'legitimate_interest',
  informed: false,
  keepAvatar: false,
};

const source = { pageUrl: 'https://x.com/camille_lyon/status/1', capturedAt: new Date('2026-11-29T04:00:00Z') };

describe('buildContact', () => {
  it('records the source and time, and leaves out the avatar unless the organizer ticked it', () => {
    const result = buildContact(profile, entry, source, 'en');
    expect(result).toEqual({
      ok: true,
      contact: {
        network: 'x',
        handle: 'camille_lyon',
        displayName: 'Camille Martin',
        profileUrl: 'https://x.com/camille_lyon',
        postUrl: 'https://x.com/camille_lyon/status/1',
        interaction: 'shared',
        lawfulBasis: 'legitimate_interest',
        informed: false,
        sourcePageUrl: 'https://x.com/camille_lyon/status/1',
        capturedAt: '2026-11-29T04:00:00.000Z',
        revealsPoliticalOpinion: true,
      },
    });
    const kept = buildContact(profile, { ...entry, keepAvatar: true }, source, 'en');
    expect(kept.ok && kept.contact.avatarUrl).toBe(profile.avatarUrl);
  });

  it('marks interactions that reveal a political opinion, and not a private message', () => {
    const messaged = buildContact(profile, { ...entry, interaction: 'messaged' }, source, 'en');
    expect(messaged.ok && messaged.contact.revealsPoliticalOpinion).toBe(false);
    const liked = buildContact(profile, { ...entry, interaction: 'liked' }, source, 'en');
    expect(liked.ok && liked.contact.revealsPoliticalOpinion).toBe(true);
  });

  it('keeps note, tags and support level when given', () => {
    const result = buildContact(profile, { ...entry, note: 'Met at the market', tags: ['lyon', 'vélo'], supportLevel: 4 }, source, 'en');
    expect(result.ok && result.contact).toMatchObject({ note: 'Met at the market', tags: ['lyon', 'vélo'], supportLevel: 4 });
  });

  it('reports what the organizer must fix, field by field, in their language', () => {
    const result = buildContact({ ...profile, handle: 'not a handle!', profileUrl: 'javascript:alert(1)' }, entry, source, 'fr');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => [issue.path, issue.code])).toEqual(
      expect.arrayContaining([
        ['handle', 'invalid_handle'],
        ['profileUrl', 'invalid_url'],
      ]),
    );
    expect(result.issues.find((issue) => issue.path === 'profileUrl')?.message).toMatch(/[àéèêç]|adresse|lien/i);
  });
});

describe('needsInformNotice', () => {
  it('asks to inform people clipped without consent who were not told yet', () => {
    expect(needsInformNotice({ lawfulBasis: 'legitimate_interest', informed: false })).toBe(true);
    expect(needsInformNotice({ lawfulBasis: 'member', informed: false })).toBe(true);
    expect(needsInformNotice({ lawfulBasis: 'legitimate_interest', informed: true })).toBe(false);
    expect(needsInformNotice({ lawfulBasis: 'consent', informed: false })).toBe(false);
  });
});
