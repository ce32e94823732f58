/** Minimal pages built from Bluesky's real structure, with people the saved pages do not have. */
import { describe, expect, it } from 'vitest';
import { explainNoProfile, extractProfile } from './index.js';
import { minimalPage } from './testing.js';

const ANA = {
  network: 'bluesky',
  handle: 'ana.lopes.example',
  displayName: 'Ana Lopes',
  profileUrl: 'https://bsky.app/profile/ana.lopes.example',
} as const;

describe('Bluesky extractor', () => {
  it('reads a profile page from its JSON-LD ProfilePage and avatar', () => {
    const page = minimalPage(`
      <meta property="og:type" content="profile">
      <meta property="profile:username" content="ana.lopes.example">
      <meta property="og:url" content="https://bsky.app/profile/ana.lopes.example">
      <meta property="og:title" content="Ana Lopes (@ana.lopes.example)">
      <meta property="og:image" content="https://cdn.bsky.app/img/avatar/plain/did:plc:abc/bafk@jpeg">
      <script type="application/ld+json">{"@context":"https://schema.org","@type":"ProfilePage","mainEntity":{"@type":"Person","name":"Ana Lopes","alternateName":"@ana.lopes.example","identifier":"did:plc:abc","image":"https://cdn.bsky.app/img/avatar/plain/did:plc:abc/bafk@jpeg"}}</script>`);
    expect(extractProfile(page, 'https://bsky.app/profile/ana.lopes.example')).toEqual({
      ...ANA,
      avatarUrl: 'https://cdn.bsky.app/img/avatar/plain/did:plc:abc/bafk@jpeg',
    });
  });

  it('gives the author of a post, and no avatar when og:image is the post picture', () => {
    const page = minimalPage(`
      <meta property="og:type" content="article">
      <meta property="profile:username" content="ana.lopes.example">
      <meta property="og:title" content="Ana Lopes (@ana.lopes.example)">
      <meta property="og:image" content="https://cdn.bsky.app/img/feed_thumbnail/plain/did:plc:abc/bafk2@jpeg">`);
    expect(extractProfile(page, 'https://bsky.app/profile/did:plc:abc/post/3kxyz')).toEqual({
      ...ANA,
      postUrl: 'https://bsky.app/profile/ana.lopes.example/post/3kxyz',
    });
  });

  it('after single-page navigation, reads the tab title rather than the first page head', () => {
    const page = minimalPage(`
      <title>Léo Petit (@leo.petit.example) — Bluesky</title>
      <meta property="profile:username" content="ana.lopes.example">
      <meta property="og:url" content="https://bsky.app/profile/ana.lopes.example">
      <meta property="og:title" content="Ana Lopes (@ana.lopes.example)">
      <meta property="og:image" content="https://cdn.bsky.app/img/avatar/plain/did:plc:abc/bafk@jpeg">`);
    expect(extractProfile(page, 'https://bsky.app/profile/leo.petit.example')).toEqual({
      network: 'bluesky',
      handle: 'leo.petit.example',
      displayName: 'Léo Petit',
      profileUrl: 'https://bsky.app/profile/leo.petit.example',
    });
  });

  it('says a Bluesky page that is not a profile or a post is unsupported', () => {
    const search = minimalPage('<title>Search — Bluesky</title>');
    expect(extractProfile(search, 'https://bsky.app/search?q=velo')).toBeNull();
    expect(explainNoProfile(search, 'https://bsky.app/search?q=velo')).toBe('unsupported_page');
  });
});
