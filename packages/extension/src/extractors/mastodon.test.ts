/**
 * Mastodon on servers other than mastodon.social: the owned pages in
 * `test/fixtures/mastodon/` (built from what Mastodon renders, see its README),
 * minimal pages from the same markup, and a page that is not Mastodon.
 */
import { validateAction } from '@tract/sdk/schema';
import { describe, expect, it } from 'vitest';
import { detectNetwork, explainNoProfile, extractProfile } from './index.js';
import { isMastodonPage } from './mastodon.js';
import { loadSavedPage, minimalPage } from './testing.js';

const FIXTURES = new URL('../../test/fixtures/mastodon/', import.meta.url);
const fixture = (name: string) => loadSavedPage(new URL(name, FIXTURES).pathname);

const CAMILLE = {
  network: 'mastodon',
  handle: 'camille@toot.lyon.example',
  displayName: "Camille Dupré-L'Hôte 🌻 (elle)",
  profileUrl: 'https://toot.lyon.example/@camille',
} as const;
const CAMILLE_AVATAR = 'https://files.toot.lyon.example/accounts/avatars/109/372/845/116/581/913/original/5f3c2b9a7e1d4c60.png';

describe('Mastodon extractor', () => {
  it('reads the owned profile page, whose host says nothing of Mastodon', () => {
    const page = fixture('profile.html');
    expect(detectNetwork(page, 'https://toot.lyon.example/@camille')).toBe('mastodon');
    const profile = extractProfile(page, 'https://toot.lyon.example/@camille');
    expect(profile).toEqual({ ...CAMILLE, avatarUrl: CAMILLE_AVATAR });
    const contact = {
      ...profile,
      interaction: 'followed',
      lawfulBasis: 'consent',
      informed: true,
      sourcePageUrl: 'https://toot.lyon.example/@camille',
      capturedAt: '2026-01-01T00:00:00Z',
    };
    expect(validateAction('contact', contact)).toMatchObject({ ok: true, data: { handle: 'camille@toot.lyon.example' } });
  });

  it('gives the author of the owned status page, with the avatar Mastodon shows for a status without media', () => {
    const page = fixture('status.html');
    expect(extractProfile(page, 'https://toot.lyon.example/@camille/113456789012345678')).toEqual({
      ...CAMILLE,
      avatarUrl: CAMILLE_AVATAR,
      postUrl: 'https://toot.lyon.example/@camille/113456789012345678',
    });
  });

  it('does not take the picture of a status with media for the avatar', () => {
    const page = minimalPage(`
      <meta property="og:type" content="article">
      <meta property="og:title" content="Théo (@theo@piaille.example)">
      <meta property="og:url" content="https://piaille.example/@theo/1">
      <meta property="og:image" content="https://piaille.example/media/photo.jpg">
      <meta property="profile:username" content="theo@piaille.example">
      <script type="application/ld+json">{"@context":"https://schema.org","@type":"SocialMediaPosting","url":"https://piaille.example/@theo/1","author":{"@type":"Person","name":"Théo","identifier":"theo@piaille.example","url":"https://piaille.example/@theo"},"image":[{"@type":"ImageObject","contentUrl":"https://piaille.example/media/photo.jpg"}]}</script>`);
    expect(extractProfile(page, 'https://piaille.example/@theo/1')).toEqual({
      network: 'mastodon',
      handle: 'theo@piaille.example',
      displayName: 'Théo',
      profileUrl: 'https://piaille.example/@theo',
      postUrl: 'https://piaille.example/@theo/1',
    });
  });

  it('recognises a server from its ActivityPub link alone, and lower-cases the server name', () => {
    const page = minimalPage(`
      <meta property="og:type" content="profile">
      <meta property="og:title" content="Inès (@ines@Social.Quartier.Example)">
      <meta property="og:url" content="https://social.quartier.example/@ines">
      <link rel="alternate" type="application/activity+json" href="https://social.quartier.example/users/ines">`);
    expect(extractProfile(page, 'https://social.quartier.example/@ines')).toEqual({
      network: 'mastodon',
      handle: 'ines@social.quartier.example',
      displayName: 'Inès',
      profileUrl: 'https://social.quartier.example/@ines',
    });
  });

  it('does not take a personal site with og:type profile and a bare profile:username for Mastodon', () => {
    const page = fixture('not-mastodon-profile.html');
    expect(isMastodonPage(page)).toBe(false);
    expect(detectNetwork(page, 'https://jordanlee.example/about')).toBeUndefined();
    expect(extractProfile(page, 'https://jordanlee.example/about')).toBeNull();
    expect(explainNoProfile(page, 'https://jordanlee.example/about')).toBe('unsupported_site');
  });

  it('says a Mastodon page that shows no one (the about page) is unsupported, not a foreign site', () => {
    const about = minimalPage(
      '<meta property="og:title" content="Toot Lyon"><link rel="alternate" type="application/activity+json" href="https://toot.lyon.example/actor">',
    );
    expect(extractProfile(about, 'https://toot.lyon.example/about')).toBeNull();
    expect(explainNoProfile(about, 'https://toot.lyon.example/about')).toBe('unsupported_page');
  });
});
