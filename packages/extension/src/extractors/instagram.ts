/**
 * Instagram. Profiles live at `/handle/` and title themselves
 * "Name (@handle) • Instagram photos and videos" (in `og:title` and `<title>`,
 * the only place left when the page is the bare app shell). Posts (`/p/code/`,
 * `/reel/code/`) name their author in JSON-LD (`author.alternateName`
 * "@handle"), in `og:description` ("… - handle on March 3, 2024: …") and in the
 * post header's link to `/handle/`; `og:title` reads "Name on Instagram: …".
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
  nameAndHandle,
  normaliseUrl,
  pathSegments,
  toUrl,
} from './page.js';
import type { ClippedProfile } from './types.js';

const HANDLE = /^[A-Za-z0-9._]{1,30}$/;
const POST_SECTIONS = new Set(['p', 'reel', 'reels', 'tv']);
/** First path segments that are Instagram's own pages, not accounts. */
const RESERVED = new Set(['accounts', 'challenge', 'direct', 'explore', 'legal', 'stories', 'web', 'about', 'developer', 'emails']);

/** Reads the account of an Instagram profile page, or the author of a post page. */
export function extractInstagram(document: Document, url: URL | string): ClippedProfile | null {
  const page = toUrl(url);
  const segments = pathSegments(page);
  const postAt = segments.findIndex((segment) => POST_SECTIONS.has(segment));
  const fresh = headDescribes(document, page);
  return postAt === -1 ? readProfile(document, page, segments[0], fresh) : readPost(document, page, segments, postAt, fresh);
}

/** Instagram's sign-in pages, or a page that only asks for a password. */
export function isInstagramLoginWall(document: Document, url: URL | string): boolean {
  return /^\/accounts\/(login|emailsignup)\b/.test(toUrl(url).pathname) || hasPasswordField(document);
}

function readProfile(document: Document, page: URL, handle: string | undefined, fresh: boolean): ClippedProfile | null {
  if (!handle || !HANDLE.test(handle) || RESERVED.has(handle)) return null;
  const titled = [fresh ? meta(document, 'og:title') : undefined, documentTitle(document)]
    .map(nameAndHandle)
    .find((found) => found?.handle.toLowerCase() === handle.toLowerCase());
  if (!titled) return null;
  return clipped({
    network: 'instagram',
    handle: titled.handle,
    displayName: titled.name,
    profileUrl: `https://www.instagram.com/${titled.handle}/`,
    avatarUrl: assetUrl(fresh ? meta(document, 'og:image') : undefined, page),
  });
}

function readPost(document: Document, page: URL, segments: string[], postAt: number, fresh: boolean): ClippedProfile | null {
  const author = fresh
    ? ldNode(
        jsonLd(document).find((node) => ldNode(node, 'author')),
        'author',
      )
    : undefined;
  const handle =
    handleOf(
      ldText(author, 'alternateName') ?? ldUrl(author, 'mainEntityOfPage') ?? ldUrl(author, 'mainEntityofPage') ?? ldUrl(author, 'url'),
    ) ??
    (fresh ? meta(document, 'og:description')?.match(/ - ([A-Za-z0-9._]{1,30}) on /)?.[1] : undefined) ??
    (postAt === 1 ? segments[0] : undefined) ??
    handleOf(document.querySelector('article header a[href], header a[href]')?.getAttribute('href') ?? undefined);
  if (!handle || !HANDLE.test(handle)) return null;

  const ogTitle = fresh ? meta(document, 'og:title') : undefined;
  const displayName = ldText(author, 'name') ?? cleanText(ogTitle?.match(/^(.+?) on Instagram\b/)?.[1]) ?? handle;
  const avatar = document.querySelector(`header a[href="/${handle}/"] img`)?.getAttribute('src') ?? undefined;
  const code = segments[postAt + 1];
  return clipped({
    network: 'instagram',
    handle,
    displayName,
    profileUrl: `https://www.instagram.com/${handle}/`,
    avatarUrl: assetUrl(avatar, page),
    postUrl:
      normaliseUrl(fresh ? canonical(document) : undefined, page) ??
      (code ? `https://www.instagram.com/${segments[postAt]}/${code}/` : undefined),
  });
}

/** "@handle", "/handle/" or "https://www.instagram.com/handle/" → "handle". */
function handleOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (value.startsWith('@')) return value.slice(1);
  const address = normaliseUrl(value, 'https://www.instagram.com/');
  const first = address ? pathSegments(address)[0] : undefined;
  return first && !RESERVED.has(first) && !POST_SECTIONS.has(first) ? first : undefined;
}
