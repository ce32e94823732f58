/** Minimal pages built from Instagram's real structure, with people the saved pages do not have. */
import { describe, expect, it } from 'vitest';
import { explainNoProfile, extractProfile } from './index.js';
import { minimalPage } from './testing.js';

const LEA = {
  network: 'instagram',
  handle: 'lea.martin',
  displayName: 'Léa Martin',
  profileUrl: 'https://www.instagram.com/lea.martin/',
} as const;

describe('Instagram extractor', () => {
  it('reads a profile from its OpenGraph title and picture', () => {
    const page = minimalPage(`
      <meta property="og:title" content="Léa Martin (@lea.martin) &bull; Instagram photos and videos">
      <meta property="og:url" content="https://www.instagram.com/lea.martin/">
      <meta property="og:image" content="https://scontent.cdninstagram.com/v/t51.2885-19/1_n.jpg?oh=00_B">`);
    expect(extractProfile(page, 'https://www.instagram.com/lea.martin/?igsh=MWQ1ZGUxMzBkMA%3D%3D')).toEqual({
      ...LEA,
      avatarUrl: 'https://scontent.cdninstagram.com/v/t51.2885-19/1_n.jpg?oh=00_B',
    });
  });

  it('gives the author of a post from og:description and og:title', () => {
    const page = minimalPage(`
      <meta property="og:title" content="Léa Martin on Instagram: &quot;Vélorution samedi&quot;">
      <meta property="og:description" content="120 likes, 4 comments - lea.martin on March 3, 2024: &quot;Vélorution samedi&quot;.">
      <meta property="og:url" content="https://www.instagram.com/p/C4abcDEF/">
      <link rel="canonical" href="https://www.instagram.com/p/C4abcDEF/">`);
    expect(extractProfile(page, 'https://www.instagram.com/p/C4abcDEF/?img_index=1&igsh=xyz')).toEqual({
      ...LEA,
      postUrl: 'https://www.instagram.com/p/C4abcDEF/',
    });
  });

  it('reads a reel under its author address from the address and the post header, without metadata', () => {
    const page = minimalPage(
      '<title>Instagram</title>',
      '<article><header><a href="/lea.martin/"><img src="https://scontent.cdninstagram.com/v/t51.2885-19/2_n.jpg"></a></header></article>',
    );
    expect(extractProfile(page, 'https://www.instagram.com/lea.martin/reel/C5xyz/')).toEqual({
      ...LEA,
      displayName: 'lea.martin',
      avatarUrl: 'https://scontent.cdninstagram.com/v/t51.2885-19/2_n.jpg',
      postUrl: 'https://www.instagram.com/reel/C5xyz/',
    });
  });

  it('calls the sign-in page a login wall, and Instagram pages that are not accounts unsupported', () => {
    const login = minimalPage('<title>Login • Instagram</title>', '<form><input name="password" type="password"></form>');
    expect(extractProfile(login, 'https://www.instagram.com/accounts/login/?next=%2Flea.martin%2F')).toBeNull();
    expect(explainNoProfile(login, 'https://www.instagram.com/accounts/login/?next=%2Flea.martin%2F')).toBe('login_wall');
    const explore = minimalPage('<title>Explore • Instagram</title>');
    expect(extractProfile(explore, 'https://www.instagram.com/explore/')).toBeNull();
    expect(explainNoProfile(explore, 'https://www.instagram.com/explore/')).toBe('unsupported_page');
  });
});
