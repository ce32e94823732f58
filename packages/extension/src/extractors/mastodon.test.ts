/**
 * Mastodon on servers other than mastodon.social: the owned pages in
 * `test/fixtures/mastodon/` (built from what Mastodon renders, see its README),
 * minimal pages from the same markup, and a page that is not Mastodon.
 */
import { validateAction } from '@tract/sdk/schema';
import { describe, expect, it } from 'vitest';
import { detectNetwork, explainNoProfile, extractProfile } from './index.js';
import { isMastodonPage } from './mastodon.js';
import { loadSavedPage, minimalPage, parsePage } from './testing.js';

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

  it('after navigating inside the signed-in web app, reads the account header the app renders', () => {
    const page = minimalPage(
      '<title>Toot Lyon</title><meta name="initialPath" content="/home">',
      `<div class="notranslate app-holder" id="mastodon" data-props="{&quot;locale&quot;:&quot;fr&quot;}">
         <div class="account__header">
           <div class="account__header__tabs"><a class="avatar" href="#"><div class="account__avatar"><img src="https://toot.lyon.example/cache/accounts/avatars/theo.png" alt=""></div></a>
             <div class="account__header__tabs__name"><h1><span>Théo Girard</span> <small><span>@theo<span class="invisible">@piaille.example</span></span></small></h1></div>
           </div>
         </div>
       </div>`,
    );
    expect(extractProfile(page, 'https://toot.lyon.example/@theo@piaille.example')).toEqual({
      network: 'mastodon',
      handle: 'theo@piaille.example',
      displayName: 'Théo Girard',
      profileUrl: 'https://toot.lyon.example/@theo@piaille.example',
      avatarUrl: 'https://toot.lyon.example/cache/accounts/avatars/theo.png',
    });
  });

  it('after navigating to a status, gives its author from the app, not the person of the stale head', () => {
    const html = fixture('profile.html').documentElement.outerHTML.replace(
      '<noscript>',
      `<div class="detailed-status"><a class="detailed-status__display-name" href="/@theo@piaille.example">
         <div class="detailed-status__display-avatar"><div class="account__avatar"><img src="https://toot.lyon.example/cache/accounts/avatars/theo.png" alt=""></div></div>
         <span class="display-name"><bdi><strong class="display-name__html">Théo Girard</strong></bdi> <span class="display-name__account">@theo@piaille.example</span></span>
       </a></div><noscript>`,
    );
    expect(extractProfile(parsePage(html), 'https://toot.lyon.example/@theo@piaille.example/113500000000000001')).toEqual({
      network: 'mastodon',
      handle: 'theo@piaille.example',
      displayName: 'Théo Girard',
      profileUrl: 'https://toot.lyon.example/@theo@piaille.example',
      avatarUrl: 'https://toot.lyon.example/cache/accounts/avatars/theo.png',
      postUrl: 'https://toot.lyon.example/@theo@piaille.example/113500000000000001',
    });
  });

  it('recognises the web app on its home timeline and says it shows no one person', () => {
    const home = minimalPage('<title>Toot Lyon</title>', '<div class="notranslate app-holder" id="mastodon" data-props="{}"></div>');
    expect(detectNetwork(home, 'https://toot.lyon.example/home')).toBe('mastodon');
    expect(extractProfile(home, 'https://toot.lyon.example/home')).toBeNull();
    expect(explainNoProfile(home, 'https://toot.lyon.example/home')).toBe('unsupported_page');
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
