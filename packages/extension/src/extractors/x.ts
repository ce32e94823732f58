/**
 * X (Twitter). The address names the account (`/handle`, `/handle/status/id`);
 * logged-out pages carry OpenGraph ("Name (@handle) on X"), the app rendered for
 * signed-in organizers carries only its title ("Name (@handle) / X",
 * `Name on X: "…" / X`) and the DOM, which X marks with `data-testid`.
 */
import {
  assetUrl,
  cleanText,
  clipped,
  documentTitle,
  hasPasswordField,
  headDescribes,
  meta,
  nameAndHandle,
  pathSegments,
  toUrl,
} from './page.js';
import type { ClippedProfile } from './types.js';

const HANDLE = /^[A-Za-z0-9_]{1,15}$/;

/** First path segments that are X's own pages, not accounts. */
const RESERVED = new Set([
  'compose',
  'explore',
  'hashtag',
  'home',
  'i',
  'intent',
  'login',
  'logout',
  'messages',
  'notifications',
  'privacy',
  'search',
  'settings',
  'share',
  'signup',
  'tos',
]);

/** Reads the account of an X profile page, or the author of a post page. */
export function extractX(document: Document, url: URL | string): ClippedProfile | null {
  const page = toUrl(url);
  const [handle, section, postId] = pathSegments(page);
  if (!handle || !HANDLE.test(handle) || RESERVED.has(handle.toLowerCase())) return null;
  const isPost = section === 'status' && postId !== undefined && /^\d+$/.test(postId);
  const fresh = headDescribes(document, page);

  const displayName =
    (fresh ? nameFromTitle(meta(document, 'og:title'), handle) : undefined) ??
    nameFromDom(document, handle) ??
    nameFromTitle(documentTitle(document), handle);
  if (!displayName) return null;

  const ogImage = fresh ? meta(document, 'og:image') : undefined;
  const avatar = ogImage?.includes('/profile_images/')
    ? ogImage
    : document.querySelector(`[data-testid="UserAvatar-Container-${handle}"] img`)?.getAttribute('src');

  return clipped({
    network: 'x',
    handle,
    displayName,
    profileUrl: `https://x.com/${handle}`,
    avatarUrl: assetUrl(avatar ?? undefined, page),
    postUrl: isPost ? `https://x.com/${handle}/status/${postId}` : undefined,
  });
}

/** X's sign-in flow, or a page that asks for a password instead of showing the account. */
export function isXLoginWall(document: Document, url: URL | string): boolean {
  return /^\/(i\/flow\/(login|signup)|login)\b/.test(toUrl(url).pathname) || hasPasswordField(document);
}

/**
 * "Name (@handle) on X", "Name (@handle) / X" on profiles, `Name on X: "…"` on
 * posts. A "(@other)" title belongs to someone else and is ignored.
 */
function nameFromTitle(title: string | undefined, handle: string): string | undefined {
  const titled = nameAndHandle(title);
  if (titled) return titled.handle.toLowerCase() === handle.toLowerCase() ? titled.name : undefined;
  return cleanText(title?.match(/^(.+?) on (X|Twitter): /)?.[1]);
}

/**
 * The name block X renders beside the account's link: `UserName` on the
 * profile header, `User-Name` on each post (the first one linking to the
 * account, so a reply above the post does not lend its author's name).
 */
function nameFromDom(document: Document, handle: string): string | undefined {
  for (const block of document.querySelectorAll('[data-testid="UserName"], [data-testid="User-Name"]')) {
    const linksToAccount = [...block.querySelectorAll('a[href]')].some(
      (link) => link.getAttribute('href')?.toLowerCase() === `/${handle.toLowerCase()}`,
    );
    const isProfileHeader = block.getAttribute('data-testid') === 'UserName';
    if (linksToAccount || isProfileHeader) {
      const name = cleanText(block.querySelector('span')?.textContent);
      if (name) return name;
    }
  }
  return undefined;
}
