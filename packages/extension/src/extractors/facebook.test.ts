/** Minimal pages built from Facebook's real structure, with people the saved pages do not have. */
import { describe, expect, it } from 'vitest';
import { explainNoProfile, extractProfile } from './index.js';
import { minimalPage } from './testing.js';

describe('Facebook extractor', () => {
  it('reads a profile from OpenGraph, keeping its picture and dropping share parameters', () => {
    const page = minimalPage(`
      <title>Léa Martin | Facebook</title>
      <meta property="og:type" content="profile">
      <meta property="og:title" content="Léa Martin">
      <meta property="og:url" content="https://www.facebook.com/lea.martin.lyon">
      <meta property="og:image" content="https://scontent.xx.fbcdn.net/v/t39.30808-1/1_n.jpg?stp=dst-jpg&amp;oh=00_A">`);
    expect(extractProfile(page, 'https://m.facebook.com/lea.martin.lyon?mibextid=ZbWKwL')).toEqual({
      network: 'facebook',
      handle: 'lea.martin.lyon',
      displayName: 'Léa Martin',
      profileUrl: 'https://www.facebook.com/lea.martin.lyon',
      avatarUrl: 'https://scontent.xx.fbcdn.net/v/t39.30808-1/1_n.jpg?stp=dst-jpg&oh=00_A',
    });
  });

  it('names an account without a user name by its number', () => {
    const page = minimalPage(`
      <meta property="og:title" content="Karim Benali">
      <meta property="og:url" content="https://www.facebook.com/profile.php?id=100012345678901">`);
    expect(extractProfile(page, 'https://www.facebook.com/profile.php?id=100012345678901&ref=bookmarks')).toEqual({
      network: 'facebook',
      handle: '100012345678901',
      displayName: 'Karim Benali',
      profileUrl: 'https://www.facebook.com/profile.php?id=100012345678901',
    });
  });

  it('gives the author of a permalink post from its JSON-LD, not the post picture', () => {
    const page = minimalPage(`
      <meta property="og:title" content="Karim Benali">
      <meta property="og:image" content="https://scontent.xx.fbcdn.net/v/t39.30808-6/photo.jpg">
      <link rel="canonical" href="https://www.facebook.com/permalink.php?story_fbid=555&amp;id=100012345678901">
      <script type="application/ld+json">{"@context":"https://schema.org","@type":"SocialMediaPosting","url":"https://www.facebook.com/permalink.php?story_fbid=555&id=100012345678901","author":{"@type":"Person","name":"Karim Benali","url":"https://www.facebook.com/profile.php?id=100012345678901"}}</script>`);
    expect(extractProfile(page, 'https://www.facebook.com/permalink.php?story_fbid=555&id=100012345678901&__tn__=K-R')).toEqual({
      network: 'facebook',
      handle: '100012345678901',
      displayName: 'Karim Benali',
      profileUrl: 'https://www.facebook.com/profile.php?id=100012345678901',
      postUrl: 'https://www.facebook.com/permalink.php?story_fbid=555&id=100012345678901',
    });
  });

  it('calls the sign-in page a login wall, and Facebook pages that are not accounts unsupported', () => {
    const login = minimalPage('<title>Log into Facebook</title>', '<form id="login_form"><input name="pass" type="password"></form>');
    expect(extractProfile(login, 'https://www.facebook.com/login/?next=%2Flea.martin.lyon')).toBeNull();
    expect(explainNoProfile(login, 'https://www.facebook.com/login/?next=%2Flea.martin.lyon')).toBe('login_wall');
    const marketplace = minimalPage('<title>Marketplace | Facebook</title>');
    expect(extractProfile(marketplace, 'https://www.facebook.com/marketplace/')).toBeNull();
    expect(explainNoProfile(marketplace, 'https://www.facebook.com/marketplace/')).toBe('unsupported_page');
  });
});
