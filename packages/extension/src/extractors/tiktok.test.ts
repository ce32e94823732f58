/** Minimal pages built from TikTok's real structure, with people the saved page does not have. */
import { describe, expect, it } from 'vitest';
import { explainNoProfile, extractProfile } from './index.js';
import { minimalPage } from './testing.js';

describe('TikTok extractor', () => {
  it('reads a profile page from "Name (@handle) | TikTok" and its picture', () => {
    const page = minimalPage(`
      <meta property="og:title" content="Nadia Haddad (@nadia.h) | TikTok">
      <meta property="og:url" content="https://www.tiktok.com/@nadia.h">
      <meta property="og:image" content="https://p16-sign-va.tiktokcdn.com/avatar.jpeg?x-expires=1&amp;x-signature=abc">`);
    expect(extractProfile(page, 'https://www.tiktok.com/@nadia.h?is_from_webapp=1&sender_device=pc')).toEqual({
      network: 'tiktok',
      handle: 'nadia.h',
      displayName: 'Nadia Haddad',
      profileUrl: 'https://www.tiktok.com/@nadia.h',
      avatarUrl: 'https://p16-sign-va.tiktokcdn.com/avatar.jpeg?x-expires=1&x-signature=abc',
    });
  });

  it('gives the author of a video from its description when the title has no name', () => {
    const page = minimalPage(`
      <meta property="og:title" content="TikTok · Make Your Day">
      <meta name="description" content="1.2K Likes. TikTok video from Nadia Haddad (@nadia.h): “Marché de la Guillotière”.">
      <link rel="canonical" href="https://www.tiktok.com/@nadia.h/video/7300000000000000001">`);
    expect(extractProfile(page, 'https://www.tiktok.com/@nadia.h/video/7300000000000000001?_r=1&_t=8abc')).toEqual({
      network: 'tiktok',
      handle: 'nadia.h',
      displayName: 'Nadia Haddad',
      profileUrl: 'https://www.tiktok.com/@nadia.h',
      postUrl: 'https://www.tiktok.com/@nadia.h/video/7300000000000000001',
    });
  });

  it('after single-page navigation, reads the tab title rather than the first profile head', () => {
    const page = minimalPage(`
      <title>(2) Karim B. (@karim_b) | TikTok</title>
      <meta property="og:title" content="Nadia Haddad (@nadia.h) | TikTok">
      <meta property="og:url" content="https://www.tiktok.com/@nadia.h">
      <meta property="og:image" content="https://p16-sign-va.tiktokcdn.com/avatar.jpeg">`);
    expect(extractProfile(page, 'https://www.tiktok.com/@karim_b')).toEqual({
      network: 'tiktok',
      handle: 'karim_b',
      displayName: 'Karim B.',
      profileUrl: 'https://www.tiktok.com/@karim_b',
    });
  });

  it('calls the sign-in page a login wall, and the For You feed unsupported', () => {
    const login = minimalPage('<title>Log in | TikTok</title>', '<input type="password">');
    expect(extractProfile(login, 'https://www.tiktok.com/login?redirect_url=%2F%40nadia.h')).toBeNull();
    expect(explainNoProfile(login, 'https://www.tiktok.com/login?redirect_url=%2F%40nadia.h')).toBe('login_wall');
    const feed = minimalPage('<title>TikTok - Make Your Day</title>');
    expect(extractProfile(feed, 'https://www.tiktok.com/foryou')).toBeNull();
    expect(explainNoProfile(feed, 'https://www.tiktok.com/foryou')).toBe('unsupported_page');
  });
});
