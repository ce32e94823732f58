import { describe, expect, it } from 'vitest';
import { detectNetwork, explainNoProfile, extractProfile } from './index.js';
import { minimalPage } from './testing.js';

describe('picking the network', () => {
  const blank = minimalPage('<title>Page</title>');

  it('goes by host name, subdomains included, for the networks that have their own', () => {
    expect(detectNetwork(blank, 'https://twitter.com/a')).toBe('x');
    expect(detectNetwork(blank, 'https://mobile.x.com/a')).toBe('x');
    expect(detectNetwork(blank, 'https://web.facebook.com/a')).toBe('facebook');
    expect(detectNetwork(blank, 'https://www.instagram.com/a/')).toBe('instagram');
    expect(detectNetwork(blank, 'https://ca.linkedin.com/in/a')).toBe('linkedin');
    expect(detectNetwork(blank, 'https://bsky.app/profile/a.bsky.social')).toBe('bluesky');
    expect(detectNetwork(blank, 'https://m.youtube.com/@a')).toBe('youtube');
    expect(detectNetwork(blank, 'https://www.tiktok.com/@a')).toBe('tiktok');
  });

  it('does not mistake look-alike hosts for a network', () => {
    expect(detectNetwork(blank, 'https://notx.com/a')).toBeUndefined();
    expect(detectNetwork(blank, 'https://facebook.com.phishing.example/a')).toBeUndefined();
    expect(extractProfile(blank, 'https://notx.com/a')).toBeNull();
    expect(explainNoProfile(blank, 'https://notx.com/a')).toBe('unsupported_site');
  });

  it('keeps a host network over page markup: a Bluesky profile:username is never read as Mastodon', () => {
    const page = minimalPage('<meta property="profile:username" content="ana@example.org">');
    expect(detectNetwork(page, 'https://bsky.app/profile/ana.example.org')).toBe('bluesky');
    expect(detectNetwork(page, 'https://ana.example.org/@ana')).toBe('mastodon');
  });

  it('accepts the address as a string or a URL', () => {
    const page = minimalPage('<title>Marie Curie (@mcurie) / X</title>');
    expect(extractProfile(page, new URL('https://x.com/mcurie'))).toEqual(extractProfile(page, 'https://x.com/mcurie'));
    expect(extractProfile(page, 'https://x.com/mcurie')?.displayName).toBe('Marie Curie');
  });
});
