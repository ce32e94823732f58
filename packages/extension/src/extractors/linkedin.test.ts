/** Minimal pages built from LinkedIn's real structure, with people the saved pages do not have (a person, a post). */
import { describe, expect, it } from 'vitest';
import { explainNoProfile, extractProfile } from './index.js';
import { minimalPage } from './testing.js';

const JEROME = {
  network: 'linkedin',
  handle: 'jerome-dupont-4a1b2c3',
  displayName: 'Jérôme Dupont',
  profileUrl: 'https://www.linkedin.com/in/jerome-dupont-4a1b2c3',
} as const;

describe('LinkedIn extractor', () => {
  it('reads a public profile from its JSON-LD Person, on a country subdomain', () => {
    const page = minimalPage(`
      <meta property="og:title" content="Jérôme Dupont - Adjoint au maire - Ville de Lyon | LinkedIn">
      <link rel="canonical" href="https://fr.linkedin.com/in/jerome-dupont-4a1b2c3">
      <script type="application/ld+json">{"@context":"http://schema.org","@graph":[{"@type":"Person","name":"Jérôme Dupont","url":"https://fr.linkedin.com/in/jerome-dupont-4a1b2c3","image":{"@type":"ImageObject","contentUrl":"https://media.licdn.com/dms/image/v2/D4E03AQ/profile-displayphoto-shrink_200_200/0/1?e=2147483647&v=beta&t=sig"}},{"@type":"WebPage","url":"https://fr.linkedin.com/in/jerome-dupont-4a1b2c3"}]}</script>`);
    expect(extractProfile(page, 'https://fr.linkedin.com/in/jerome-dupont-4a1b2c3?originalSubdomain=fr')).toEqual({
      ...JEROME,
      avatarUrl: 'https://media.licdn.com/dms/image/v2/D4E03AQ/profile-displayphoto-shrink_200_200/0/1?e=2147483647&v=beta&t=sig',
    });
  });

  it('falls back to the OpenGraph title, cutting the headline and the site name', () => {
    const page = minimalPage(`
      <meta property="og:title" content="Jérôme Dupont - Adjoint au maire | LinkedIn">
      <meta property="og:url" content="https://www.linkedin.com/in/jerome-dupont-4a1b2c3">`);
    expect(extractProfile(page, 'https://www.linkedin.com/in/jerome-dupont-4a1b2c3/')).toEqual(JEROME);
  });

  it('after single-page navigation, reads the address and the tab title rather than the first page head', () => {
    const page = minimalPage(`
      <title>(4) Sophie Bernard | LinkedIn</title>
      <meta property="og:title" content="Jérôme Dupont - Adjoint au maire | LinkedIn">
      <meta property="og:url" content="https://www.linkedin.com/in/jerome-dupont-4a1b2c3">
      <meta property="og:image" content="https://media.licdn.com/dms/image/jerome.jpg">`);
    expect(extractProfile(page, 'https://www.linkedin.com/in/sophie-bernard-88/')).toEqual({
      network: 'linkedin',
      handle: 'sophie-bernard-88',
      displayName: 'Sophie Bernard',
      profileUrl: 'https://www.linkedin.com/in/sophie-bernard-88',
    });
  });

  it('gives the author of a post from its JSON-LD', () => {
    const page = minimalPage(`
      <link rel="canonical" href="https://www.linkedin.com/posts/jerome-dupont-4a1b2c3_velo-activity-7123456789-AbCd">
      <script type="application/ld+json">{"@context":"http://schema.org","@type":"DiscussionForumPosting","headline":"Vélo","author":{"@type":"Person","name":"Jérôme Dupont","url":"https://fr.linkedin.com/in/jerome-dupont-4a1b2c3"}}</script>`);
    expect(
      extractProfile(page, 'https://www.linkedin.com/posts/jerome-dupont-4a1b2c3_velo-activity-7123456789-AbCd?utm_source=share&rcm=ACoAA'),
    ).toEqual({
      ...JEROME,
      postUrl: 'https://www.linkedin.com/posts/jerome-dupont-4a1b2c3_velo-activity-7123456789-AbCd',
    });
  });

  it('calls the authwall a login wall, and LinkedIn pages that are not profiles unsupported', () => {
    const authwall = minimalPage('<title>Sign Up | LinkedIn</title>');
    const address = 'https://www.linkedin.com/authwall?trk=bf&sessionRedirect=https%3A%2F%2Fwww.linkedin.com%2Fin%2Fjerome-dupont-4a1b2c3';
    expect(extractProfile(authwall, address)).toBeNull();
    expect(explainNoProfile(authwall, address)).toBe('login_wall');
    const feed = minimalPage('<title>Feed | LinkedIn</title>');
    expect(extractProfile(feed, 'https://www.linkedin.com/feed/')).toBeNull();
    expect(explainNoProfile(feed, 'https://www.linkedin.com/feed/')).toBe('unsupported_page');
  });
});
