/** Minimal pages built from X's real structure, with people the saved pages do not have. */
import { describe, expect, it } from 'vitest';
import { explainNoProfile, extractProfile } from './index.js';
import { minimalPage } from './testing.js';

const MARIE = {
  network: 'x',
  handle: 'mcurie',
  displayName: 'Marie Curie',
  profileUrl: 'https://x.com/mcurie',
} as const;

describe('X extractor', () => {
  it('reads a logged-out profile page from OpenGraph, dropping share parameters', () => {
    const page = minimalPage(`
      <meta property="og:type" content="profile">
      <meta property="og:url" content="https://x.com/mcurie">
      <meta property="og:title" content="Marie Curie (@mcurie) on X">
      <meta property="og:image" content="https://pbs.twimg.com/profile_images/1/abc_200x200.jpg">`);
    expect(extractProfile(page, 'https://x.com/mcurie?s=21&t=AbC')).toEqual({
      ...MARIE,
      avatarUrl: 'https://pbs.twimg.com/profile_images/1/abc_200x200.jpg',
    });
  });

  it('reads the signed-in app, which has no OpenGraph, from its title and data-testid marks', () => {
    const page = minimalPage(
      '<title>(3) Marie Curie (@mcurie) / X</title>',
      `<div data-testid="UserAvatar-Container-mcurie"><img src="https://pbs.twimg.com/profile_images/1/abc_x96.jpg"></div>
       <div data-testid="UserName"><div><span>Marie Curie</span></div><div><span>@mcurie</span></div></div>`,
    );
    expect(extractProfile(page, 'https://x.com/mcurie')).toEqual({
      ...MARIE,
      avatarUrl: 'https://pbs.twimg.com/profile_images/1/abc_x96.jpg',
    });
  });

  it('gives the author of a post, not of the post it replies to, and the post address on x.com', () => {
    const page = minimalPage(
      '<title>Marie Curie on X: "Nothing in life is to be feared" / X</title>',
      `<article><div data-testid="User-Name"><a href="/pcurie"><span>Pierre Curie</span></a></div></article>
       <article><div data-testid="User-Name"><a href="/mcurie"><span>Marie Curie</span></a><a href="/mcurie"><span>@mcurie</span></a></div></article>`,
    );
    expect(extractProfile(page, 'https://mobile.twitter.com/mcurie/status/1234567890?ref_src=twsrc')).toEqual({
      ...MARIE,
      postUrl: 'https://x.com/mcurie/status/1234567890',
    });
  });

  it('after single-page navigation, ignores the first page head and reads the new title', () => {
    const page = minimalPage(`
      <title>Pierre Curie (@pcurie) / X</title>
      <meta property="og:url" content="https://x.com/mcurie">
      <meta property="og:title" content="Marie Curie (@mcurie) on X">
      <meta property="og:image" content="https://pbs.twimg.com/profile_images/1/abc_200x200.jpg">`);
    expect(extractProfile(page, 'https://x.com/pcurie')).toEqual({
      network: 'x',
      handle: 'pcurie',
      displayName: 'Pierre Curie',
      profileUrl: 'https://x.com/pcurie',
    });
  });

  it('calls the sign-in flow a login wall, and X pages that are not accounts unsupported', () => {
    const login = minimalPage('<title>Log in to X / X</title>', '<input name="password" type="password">');
    expect(extractProfile(login, 'https://x.com/i/flow/login?redirect_after_login=%2Fmcurie')).toBeNull();
    expect(explainNoProfile(login, 'https://x.com/i/flow/login?redirect_after_login=%2Fmcurie')).toBe('login_wall');
    const home = minimalPage('<title>Home / X</title>');
    expect(extractProfile(home, 'https://x.com/home')).toBeNull();
    expect(explainNoProfile(home, 'https://x.com/home')).toBe('unsupported_page');
  });
});
