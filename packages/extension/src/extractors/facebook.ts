/**
 * Facebook. Post pages publish a JSON-LD `SocialMediaPosting` whose `author` is
 * the person or page that posted; profile and page pages publish OpenGraph
 * (`og:title` is the name, `og:image` the picture) or, on older server-rendered
 * pages without OpenGraph, the name in `h1[itemprop=name]` under a canonical link.
 */
import {
  assetUrl,
  canonical,
  cleanText,
  clipped,
  documentTitle,
  hasPasswordField,
  headDescribes,
  jsonLd,
  ldNode,
  ldText,
  ldUrl,
  meta,
  normaliseUrl,
  pathSegments,
  textOf,
  toUrl,
} from './page.js';
import type { ClippedProfile } from './types.js';

/** First path segments that are Facebook's own pages, not people or pages. */
const RESERVED = new Set([
  'ads',
  'bookmarks',
  'business',
  'checkpoint',
  'dialog',
  'events',
  'friends',
  'fundraisers',
  'gaming',
  'groups',
  'hashtag',
  'help',
  'home.php',
  'login',
  'login.php',
  'live',
  'marketplace',
  'media',
  'messages',
  'notifications',
  'photo',
  'photo.php',
  'policies',
  'privacy',
  'r.php',
  'reel',
  'saved',
  'search',
  'settings',
  'share',
  'sharer.php',
  'stories',
  'watch',
]);

/** Second path segments under an account that are one of its posts. */
const POST_SECTIONS = new Set(['posts', 'videos', 'photos', 'reels']);

/** An account as Facebook addresses it: its name in the address, or its number. */
interface Account {
  handle: string;
  profileUrl: string;
}

/** Reads the person or page of a Facebook profile, or the author of a post page. */
export function extractFacebook(document: Document, url: URL | string): ClippedProfile | null {
  const page = toUrl(url);
  const fresh = headDescribes(document, page);
  const posting = fresh ? jsonLd(document).find((node) => ldNode(node, 'author')) : undefined;
  const author = ldNode(posting, 'author');
  const address = normaliseUrl(fresh ? (canonical(document) ?? meta(document, 'og:url')) : undefined, page) ?? page.href;
  const isPost = posting !== undefined || isPostAddress(page);

  const account = accountOf(ldUrl(author, 'url'), page) ?? accountOf(address, page);
  if (!account) return null;
  const ogTitle = fresh ? meta(document, 'og:title') : undefined;
  const displayName =
    ldText(author, 'name') ??
    ogTitle ??
    textOf(document, 'h1[itemprop="name"]') ??
    cleanText(
      documentTitle(document)
        .match(/^(.+?) \| Facebook$/)?.[1]
        ?.split(' - ')[0],
    );
  if (!displayName) return null;

  return clipped({
    network: 'facebook',
    handle: account.handle,
    displayName,
    profileUrl: account.profileUrl,
    // On a post the OpenGraph picture is the post's image, not its author.
    avatarUrl: isPost ? undefined : assetUrl(fresh ? meta(document, 'og:image') : undefined, page),
    postUrl: isPost ? normaliseUrl(posting ? (ldUrl(posting, 'url') ?? address) : page.href, page) : undefined,
  });
}

/** Facebook's sign-in and checkpoint pages, or a page that only asks for a password. */
export function isFacebookLoginWall(document: Document, url: URL | string): boolean {
  return /^\/(login|login\.php|checkpoint|recover)\b/.test(toUrl(url).pathname) || hasPasswordField(document);
}

function isPostAddress(url: URL): boolean {
  const [first, second] = pathSegments(url);
  return first === 'permalink.php' || first === 'story.php' || (second !== undefined && POST_SECTIONS.has(second));
}

/**
 * The account an address belongs to: `/name`, `/name/posts/…`,
 * `/profile.php?id=N`, `/permalink.php?id=N`, `/pages/Name/N`, `/people/Name/N`.
 */
function accountOf(href: string | undefined, base: URL): Account | undefined {
  const address = normaliseUrl(href, base);
  if (!address) return undefined;
  const parsed = new URL(address);
  const [first, second, third] = pathSegments(parsed);
  if (!first) return undefined;
  const id = parsed.searchParams.get('id');
  if (['profile.php', 'permalink.php', 'story.php'].includes(first)) {
    return id && /^\d+$/.test(id) ? { handle: id, profileUrl: `https://www.facebook.com/profile.php?id=${id}` } : undefined;
  }
  if (first === 'pages' || first === 'people') {
    return second && third && /^\d+$/.test(third)
      ? { handle: third, profileUrl: `https://www.facebook.com/${first}/${encodeURIComponent(second)}/${third}` }
      : undefined;
  }
  if (RESERVED.has(first.toLowerCase()) || !/^[\p{L}\p{N}.-]+$/u.test(first)) return undefined;
  return { handle: first, profileUrl: `https://www.facebook.com/${first}` };
}
