/** Minimal pages built from YouTube's real structure, with channels the saved pages do not have. */
import { describe, expect, it } from 'vitest';
import { explainNoProfile, extractProfile } from './index.js';
import { minimalPage } from './testing.js';

describe('YouTube extractor', () => {
  it('reads a channel tab, preferring its @handle, and gives the channel root as profile', () => {
    const page = minimalPage(`
      <meta property="og:title" content="Collectif Vélo Lyon">
      <meta property="og:url" content="https://www.youtube.com/channel/UC1234567890abcdefghijkl">
      <meta property="og:image" content="https://yt3.googleusercontent.com/abc=s900-c-k-c0x00ffffff-no-rj">
      <link rel="canonical" href="https://www.youtube.com/channel/UC1234567890abcdefghijkl">
      <link rel="alternate" media="handheld" href="https://m.youtube.com/@velolyon">`);
    expect(extractProfile(page, 'https://www.youtube.com/@velolyon/videos')).toEqual({
      network: 'youtube',
      handle: 'velolyon',
      displayName: 'Collectif Vélo Lyon',
      profileUrl: 'https://www.youtube.com/channel/UC1234567890abcdefghijkl',
      avatarUrl: 'https://yt3.googleusercontent.com/abc=s900-c-k-c0x00ffffff-no-rj',
    });
  });

  it('does not lend the first channel head to another channel reached by single-page navigation', () => {
    const page = minimalPage(`
      <meta property="og:title" content="Collectif Vélo Lyon">
      <link rel="canonical" href="https://www.youtube.com/channel/UC1234567890abcdefghijkl">
      <link rel="alternate" media="handheld" href="https://m.youtube.com/@velolyon">`);
    expect(extractProfile(page, 'https://www.youtube.com/@another/featured')).toBeNull();
  });

  it('gives the channel of a video from the rendered owner block when the head is stale', () => {
    const page = minimalPage(
      '<link rel="canonical" href="https://www.youtube.com/watch?v=firstVideo">',
      `<ytd-video-owner-renderer>
         <a id="avatar" href="/@velolyon"><img src="https://yt3.ggpht.com/owner=s48-c-k"></a>
         <div id="channel-name"><a href="/@velolyon">Collectif Vélo Lyon</a></div>
       </ytd-video-owner-renderer>`,
    );
    expect(extractProfile(page, 'https://www.youtube.com/watch?v=secondVideo&t=42s&si=share')).toEqual({
      network: 'youtube',
      handle: 'velolyon',
      displayName: 'Collectif Vélo Lyon',
      profileUrl: 'https://www.youtube.com/@velolyon',
      avatarUrl: 'https://yt3.ggpht.com/owner=s48-c-k',
      postUrl: 'https://www.youtube.com/watch?v=secondVideo',
    });
  });

  it('reads a short from its microdata author', () => {
    const page = minimalPage(
      '<link rel="canonical" href="https://www.youtube.com/shorts/abcDEF12345">',
      '<span itemprop="author" itemscope itemtype="http://schema.org/Person"><link itemprop="url" href="http://www.youtube.com/@velolyon"><link itemprop="name" content="Collectif Vélo Lyon"></span>',
    );
    expect(extractProfile(page, 'https://m.youtube.com/shorts/abcDEF12345')).toEqual({
      network: 'youtube',
      handle: 'velolyon',
      displayName: 'Collectif Vélo Lyon',
      profileUrl: 'https://www.youtube.com/@velolyon',
      postUrl: 'https://www.youtube.com/shorts/abcDEF12345',
    });
  });

  it('says the home feed is unsupported', () => {
    const home = minimalPage('<title>YouTube</title>');
    expect(extractProfile(home, 'https://www.youtube.com/')).toBeNull();
    expect(explainNoProfile(home, 'https://www.youtube.com/')).toBe('unsupported_page');
  });
});
