import { describe, expect, it } from 'vitest';
import {
  assetUrl,
  canonical,
  clipped,
  decodeEntities,
  headDescribes,
  jsonLd,
  jsonLdOfType,
  ldText,
  ldUrl,
  meta,
  nameAndHandle,
  normaliseUrl,
  pathSegments,
} from './page.js';
import { minimalPage } from './testing.js';

describe('meta and links', () => {
  it('reads OpenGraph by property and others by name, decoded by the DOM, and ignores empty tags', () => {
    const document = minimalPage(`
      <meta property="og:title" content="  Ana &amp; Léo  ">
      <meta name="description" content="Bio">
      <meta property="og:image" content="">
      <link rel="canonical" href="https://example.org/ana">`);
    expect(meta(document, 'og:title')).toBe('Ana & Léo');
    expect(meta(document, 'description')).toBe('Bio');
    expect(meta(document, 'og:image')).toBeUndefined();
    expect(meta(document, 'og:url')).toBeUndefined();
    expect(canonical(document)).toBe('https://example.org/ana');
  });
});

describe('JSON-LD', () => {
  it('flattens arrays and @graph, skips malformed blocks and finds nodes by type', () => {
    const document = minimalPage(`
      <script type="application/ld+json">{ not json</script>
      <script type="application/ld+json">[{"@type":"WebSite"},{"@graph":[{"@type":["ProfilePage"],"mainEntity":{"@type":"Person","name":"It&#39;s Ana","image":{"@type":"ImageObject","contentUrl":"https://cdn.example/a.jpg"}}}]}]</script>`);
    expect(jsonLd(document).map((node) => node['@type'])).toEqual(['WebSite', undefined, ['ProfilePage']]);
    const profilePage = jsonLdOfType(document, 'ProfilePage');
    const person = profilePage?.['mainEntity'] as Record<string, unknown>;
    expect(ldText(person, 'name')).toBe("It's Ana");
    expect(ldUrl(person, 'image')).toBe('https://cdn.example/a.jpg');
    expect(jsonLdOfType(document, 'Organization')).toBeUndefined();
  });

  it('decodes named and numeric entities, and leaves unknown ones alone', () => {
    expect(decodeEntities('A &amp; B &#39;C&#x27; &eacute;')).toBe("A & B 'C' &eacute;");
  });
});

describe('addresses', () => {
  it('makes addresses absolute https and drops fragments and tracking parameters, keeping identity ones', () => {
    expect(normaliseUrl('/watch?v=abc&feature=share&utm_source=x&t=42#top', 'http://www.youtube.com/')).toBe(
      'https://www.youtube.com/watch?v=abc',
    );
    expect(normaliseUrl('https://www.facebook.com/permalink.php?story_fbid=1&id=2&fbclid=zz')).toBe(
      'https://www.facebook.com/permalink.php?story_fbid=1&id=2',
    );
    expect(normaliseUrl('javascript:alert(1)')).toBeUndefined();
    expect(normaliseUrl('twitter://user?screen_name=a')).toBeUndefined();
    expect(normaliseUrl('not a url')).toBeUndefined();
  });

  it('keeps a picture address whole, because image CDNs sign their queries', () => {
    expect(assetUrl('http://cdn.example/a.jpg?t=sig&oh=1', 'https://x.com/')).toBe('https://cdn.example/a.jpg?t=sig&oh=1');
    expect(assetUrl('data:image/png;base64,AAAA')).toBeUndefined();
  });

  it('splits paths into decoded segments', () => {
    expect(pathSegments('https://bsky.app/profile/a.example/post/3k?x=1')).toEqual(['profile', 'a.example', 'post', '3k']);
    expect(pathSegments('https://www.linkedin.com/in/j%C3%A9r%C3%B4me-dupont/')).toEqual(['in', 'jérôme-dupont']);
  });
});

describe('nameAndHandle', () => {
  it('splits "Name (@handle)" wherever networks put it, parentheses in names included', () => {
    expect(nameAndHandle('Jane Doe (@jane) on X')).toEqual({ name: 'Jane Doe', handle: 'jane' });
    expect(nameAndHandle('Ana (elle) (@ana@social.example)')).toEqual({ name: 'Ana (elle)', handle: 'ana@social.example' });
    expect(nameAndHandle('Megadeth (@megadeth) • Instagram photos and videos')).toEqual({ name: 'Megadeth', handle: 'megadeth' });
    expect(nameAndHandle('No handle here')).toBeUndefined();
    expect(nameAndHandle(undefined)).toBeUndefined();
  });
});

describe('headDescribes', () => {
  const head = minimalPage('<meta property="og:url" content="https://twitter.com/Jane/status/1?s=20">');

  it('trusts the head when its og:url or canonical names the shown page, on any mirror, in any case', () => {
    expect(headDescribes(head, 'https://x.com/jane/status/1')).toBe(true);
  });

  it('distrusts the head of the first page after single-page navigation to another one', () => {
    expect(headDescribes(head, 'https://x.com/someone_else')).toBe(false);
  });

  it('matches query identities: the shown address may add parameters, never change them', () => {
    const video = minimalPage('<link rel="canonical" href="https://www.youtube.com/watch?v=abc">');
    expect(headDescribes(video, 'https://www.youtube.com/watch?v=abc&list=PL1')).toBe(true);
    expect(headDescribes(video, 'https://www.youtube.com/watch?v=def')).toBe(false);
  });

  it('trusts a head that declares no address, since there is nothing to compare', () => {
    expect(headDescribes(minimalPage('<title>Jane</title>'), 'https://x.com/jane')).toBe(true);
  });
});

describe('clipped', () => {
  it('drops optional fields the page did not give', () => {
    const profile = clipped({
      network: 'x',
      handle: 'jane',
      displayName: 'Jane',
      profileUrl: 'https://x.com/jane',
      avatarUrl: undefined,
      postUrl: undefined,
    });
    expect(Object.keys(profile)).toEqual(['network', 'handle', 'displayName', 'profileUrl']);
  });
});
