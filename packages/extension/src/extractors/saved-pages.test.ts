/**
 * Every real page saved in `shared/fixtures/social/` (discovered by listing the
 * directory, so a page added there without an expectation fails), with the
 * values written from reading each page's meta tags, JSON-LD and DOM, and the
 * address the browser showed for it (the page's own `og:url` or canonical).
 */
import { validateAction } from '@tract/sdk/schema';
import { describe, expect, it } from 'vitest';
import { detectNetwork, explainNoProfile, extractProfile } from './index.js';
import { listSavedPages, loadSavedPage } from './testing.js';
import type { ClippedProfile } from './types.js';

const SAVED_PAGES = new URL('../../../../../shared/fixtures/social/', import.meta.url);

interface Expectation {
  /** The address the page was saved from. */
  url: string;
  /** What a reader of the page finds; null when the page shows no one. */
  profile: ClippedProfile | null;
}

const EXPECTED: Record<string, Expectation> = {
  // Logged-out post page: og:title "Name (@handle) on X", og:url on twitter.com, og:image the author's avatar.
  'x/x-post-og.metascraper.html': {
    url: 'https://twitter.com/realDonaldTrump/status/1222907250383245320',
    profile: {
      network: 'x',
      handle: 'realDonaldTrump',
      displayName: 'Donald J. Trump',
      profileUrl: 'https://x.com/realDonaldTrump',
      avatarUrl: 'https://pbs.twimg.com/profile_images/874276197357596672/kUuht00m_200x200.jpg',
      postUrl: 'https://x.com/realDonaldTrump/status/1222907250383245320',
    },
  },
  // Hydrated app: og:title `Name on X: "…"`, og:image X's default card, avatar only in the DOM (UserAvatar-Container-handle).
  'x/x-post.metascraper.html': {
    url: 'https://x.com/realDonaldTrump/status/1222907250383245320',
    profile: {
      network: 'x',
      handle: 'realDonaldTrump',
      displayName: 'Donald J. Trump',
      profileUrl: 'https://x.com/realDonaldTrump',
      avatarUrl: 'https://pbs.twimg.com/profile_images/874276197357596672/kUuht00m_x96.jpg',
      postUrl: 'https://x.com/realDonaldTrump/status/1222907250383245320',
    },
  },
  // Profile: og:title "#!/kiko/beats (@Kikobeats) on X", a display name full of punctuation.
  'x/x-profile-og.metascraper.html': {
    url: 'https://x.com/Kikobeats',
    profile: {
      network: 'x',
      handle: 'Kikobeats',
      displayName: '#!/kiko/beats',
      profileUrl: 'https://x.com/Kikobeats',
      avatarUrl: 'https://pbs.twimg.com/profile_images/1846292082501054464/oKUC44PF_200x200.jpg',
    },
  },
  // Post: JSON-LD SocialMediaPosting, author {name "Iron Maiden", url /ironmaiden, image null}; og:image is the post's photo.
  'facebook/facebook-item-page_ironmaiden.pender.html': {
    url: 'https://www.facebook.com/ironmaiden/posts/pfbid02XM9Uabh4DrExsfTo4zpJTUivryioKwBHzmX2VRAxyxY4khagzsdgt5oBqv4Keu6fl',
    profile: {
      network: 'facebook',
      handle: 'ironmaiden',
      displayName: 'Iron Maiden',
      profileUrl: 'https://www.facebook.com/ironmaiden',
      postUrl: 'https://www.facebook.com/ironmaiden/posts/pfbid02XM9Uabh4DrExsfTo4zpJTUivryioKwBHzmX2VRAxyxY4khagzsdgt5oBqv4Keu6fl',
    },
  },
  // Old page without OpenGraph: canonical /pages/Meedan/105510962816034, name in h1[itemprop=name] (DOM fallback).
  'facebook/facebook-profile-page_meedan-old.pender.html': {
    url: 'https://www.facebook.com/pages/Meedan/105510962816034',
    profile: {
      network: 'facebook',
      handle: '105510962816034',
      displayName: 'Meedan',
      profileUrl: 'https://www.facebook.com/pages/Meedan/105510962816034',
    },
  },
  // Post: JSON-LD author alternateName "@teslamotors", og:title "Tesla on Instagram: …", avatar in the post header's link.
  'instagram/instagram-post.metascraper-integration.html': {
    url: 'https://www.instagram.com/p/BWUDBntl3_Z/',
    profile: {
      network: 'instagram',
      handle: 'teslamotors',
      displayName: 'Tesla',
      profileUrl: 'https://www.instagram.com/teslamotors/',
      avatarUrl:
        'https://scontent-mad1-1.cdninstagram.com/v/t51.2885-19/s150x150/130477898_122202759624805_2855205189155619342_n.jpg?_nc_ht=scontent-mad1-1.cdninstagram.com&_nc_ohc=WdcOVdR52hoAX8aEGnM&edm=AABBvjUBAAAA&ccb=7-4&oh=b1e8805eb0fe6ee0f16336882a1c9ed2&oe=617A333D&_nc_sid=83d603',
      postUrl: 'https://www.instagram.com/p/BWUDBntl3_Z/',
    },
  },
  // App shell without OpenGraph or body: only <title> "Megadeth (@megadeth) • Instagram photos and videos".
  'instagram/instagram-profile-page.pender.html': {
    url: 'https://www.instagram.com/megadeth/',
    profile: {
      network: 'instagram',
      handle: 'megadeth',
      displayName: 'Megadeth',
      profileUrl: 'https://www.instagram.com/megadeth/',
    },
  },
  // Company page on uk.linkedin.com: JSON-LD Organization "Audiense", og:image the logo (signed: its query is kept).
  'linkedin/linkedin-company.metascraper-integration.html': {
    url: 'https://uk.linkedin.com/company/audiense',
    profile: {
      network: 'linkedin',
      handle: 'audiense',
      displayName: 'Audiense',
      profileUrl: 'https://www.linkedin.com/company/audiense',
      avatarUrl:
        'https://media.licdn.com/dms/image/v2/C4E0BAQHWdu05nIFRWQ/company-logo_200_200/company-logo_200_200/0/1632826250380/audiense_logo?e=2147483647&v=beta&t=ZqV6Zik7OLnWmEqZwSwy5vnnl23GyPJuLjZD-6kJdaI',
    },
  },
  // Post: profile:username, JSON-LD DiscussionForumPosting author "Stephen King", og:image from /img/avatar/.
  'bluesky/bsky-post.metascraper.html': {
    url: 'https://bsky.app/profile/stephenking.bsky.social/post/3mddvy5bv6k27',
    profile: {
      network: 'bluesky',
      handle: 'stephenking.bsky.social',
      displayName: 'Stephen King',
      profileUrl: 'https://bsky.app/profile/stephenking.bsky.social',
      avatarUrl:
        'https://cdn.bsky.app/img/avatar/plain/did:plc:h7obn4tkp47wn7gqh4oe5eij/bafkreictz5mfmy5mz6s6orrdgsmx3nr4vgog4kie4gezhdx2nhn2irhski@jpeg',
      postUrl: 'https://bsky.app/profile/stephenking.bsky.social/post/3mddvy5bv6k27',
    },
  },
  // Channel: og:title "CoasterFan2105", canonical /channel/UC…, the legacy /c/CoasterFan2105 in the mobile alternate link.
  'youtube/youtube-profile-page.pender.html': {
    url: 'https://www.youtube.com/channel/UCXOPfBqPphU15a6mpW7hwVw',
    profile: {
      network: 'youtube',
      handle: 'CoasterFan2105',
      displayName: 'CoasterFan2105',
      profileUrl: 'https://www.youtube.com/channel/UCXOPfBqPphU15a6mpW7hwVw',
      avatarUrl: 'https://yt3.ggpht.com/ytc/AMLnZu_OnEG7QixZn1lpa0DF61S6SpSOAdoP4vwQUMFv3w=s900-c-k-c0x00ffffff-no-rj',
    },
  },
  // Video: microdata [itemprop=author] url http://www.youtube.com/@OneMedia. and name "ONE Media"; og:image is the thumbnail.
  'youtube/youtube-video.metascraper.html.gz': {
    url: 'https://www.youtube.com/watch?v=hwMkbaS_M_c',
    profile: {
      network: 'youtube',
      handle: 'OneMedia.',
      displayName: 'ONE Media',
      profileUrl: 'https://www.youtube.com/@OneMedia.',
      postUrl: 'https://www.youtube.com/watch?v=hwMkbaS_M_c',
    },
  },
  // Video: og:title "IlloJuan on TikTok", canonical /@illojuan/video/…, og:image empty.
  'tiktok/tiktok-video.metascraper.html': {
    url: 'https://www.tiktok.com/@illojuan/video/7571863205253778710',
    profile: {
      network: 'tiktok',
      handle: 'illojuan',
      displayName: 'IlloJuan',
      profileUrl: 'https://www.tiktok.com/@illojuan',
      postUrl: 'https://www.tiktok.com/@illojuan/video/7571863205253778710',
    },
  },
};

const savedPages = listSavedPages(SAVED_PAGES);

describe('saved social pages', () => {
  it('finds the saved pages, and an expectation for each of them', () => {
    expect(savedPages.length).toBeGreaterThan(0);
    expect(savedPages.filter((path) => !(path in EXPECTED))).toEqual([]);
  });

  it.each(savedPages)('%s', (path) => {
    const { url, profile } = EXPECTED[path]!;
    const document = loadSavedPage(new URL(path, SAVED_PAGES).pathname);
    expect(extractProfile(document, url)).toEqual(profile);
    expect(detectNetwork(document, url)).toBe(profile?.network);
  });

  it.each(savedPages)('%s gives a contact the relay accepts', (path) => {
    const { url } = EXPECTED[path]!;
    const profile = extractProfile(loadSavedPage(new URL(path, SAVED_PAGES).pathname), url);
    const contact = {
      ...profile,
      interaction: 'commented',
      lawfulBasis: 'legitimate_interest',
      informed: false,
      sourcePageUrl: url,
      capturedAt: '2026-01-01T00:00:00Z',
    };
    expect(validateAction('contact', contact)).toMatchObject({ ok: true });
  });

  it('finds no one when a saved page is shown at an address of another network or a page that is not a profile', () => {
    const xProfile = loadSavedPage(new URL('x/x-profile-og.metascraper.html', SAVED_PAGES).pathname);
    expect(extractProfile(xProfile, 'https://campaign.example/about')).toBeNull();
    expect(explainNoProfile(xProfile, 'https://campaign.example/about')).toBe('unsupported_site');
    expect(extractProfile(xProfile, 'https://x.com/explore')).toBeNull();
    expect(explainNoProfile(xProfile, 'https://x.com/explore')).toBe('unsupported_page');
  });

  it('calls the saved Facebook page with a sign-in form a login wall when it is served as the sign-in page', () => {
    const meedan = loadSavedPage(new URL('facebook/facebook-profile-page_meedan-old.pender.html', SAVED_PAGES).pathname);
    const login = 'https://www.facebook.com/login/?next=https%3A%2F%2Fwww.facebook.com%2Fpages%2FMeedan%2F105510962816034';
    expect(extractProfile(meedan, login)).toBeNull();
    expect(explainNoProfile(meedan, login)).toBe('login_wall');
  });
});
