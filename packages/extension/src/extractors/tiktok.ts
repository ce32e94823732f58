/**
 * TikTok. Accounts live at `/@handle`, their videos and photo posts at
 * `/@handle/video/id` and `/@handle/photo/id`, so the address names the person.
 * The name comes from `og:title` ("Name on TikTok" on posts,
 * "Name (@handle) | TikTok" on profiles), the JSON-LD breadcrumb
 * ("Name (@handle) Official | TikTok"), the description ("TikTok video from
 * Name (@handle): …"), on a profile the rendered nickname (`data-e2e`), and
 * the tab title "Name (@handle) | TikTok", which the app keeps current.
 */
import {
  assetUrl,
  canonical,
  cleanText,
  clipped,
  documentTitle,
  hasPasswordField,
  headDescribes,
  jsonLdOfType,
  ldList,
  ldNode,
  ldText,
  meta,
  nameAndHandle,
  normaliseUrl,
  pathSegments,
  textOf,
  toUrl,
} from './page.js';
import type { ClippedProfile } from './types.js';

const HANDLE = /^[A-Za-z0-9._]{1,24}$/;
const POST_SECTIONS = new Set(['video', 'photo']);

/** Reads the account of a TikTok profile page, or the author of a video page. */
export function extractTikTok(document: Document, url: URL | string): ClippedProfile | null {
  const page = toUrl(url);
  const [account, section, postId] = pathSegments(page);
  const handle = account?.startsWith('@') ? account.slice(1) : undefined;
  if (!handle || !HANDLE.test(handle)) return null;
  const isPost = section !== undefined && POST_SECTIONS.has(section) && postId !== undefined && /^\d+$/.test(postId);
  const fresh = headDescribes(document, page);

  const ogTitle = fresh ? meta(document, 'og:title') : undefined;
  const matching = (text: string | undefined) => {
    const titled = nameAndHandle(text);
    return titled?.handle.toLowerCase() === handle.toLowerCase() ? titled.name : undefined;
  };
  const displayName =
    matching(ogTitle) ??
    cleanText(ogTitle?.match(/^(.+?) on TikTok$/)?.[1]) ??
    (fresh ? matching(breadcrumbName(document, handle)) : undefined) ??
    (fresh ? matching(meta(document, 'description')?.match(/ from (.+\(@[^)]+\))/)?.[1]) : undefined) ??
    (isPost ? undefined : textOf(document, '[data-e2e="user-subtitle"]')) ??
    matching(documentTitle(document));
  if (!displayName) return null;

  return clipped({
    network: 'tiktok',
    handle,
    displayName,
    profileUrl: `https://www.tiktok.com/@${handle}`,
    // A post's `og:image` is its cover; only a profile's is the person's picture.
    avatarUrl: isPost ? undefined : assetUrl(fresh ? meta(document, 'og:image') : undefined, page),
    postUrl: isPost
      ? (normaliseUrl(fresh ? canonical(document) : undefined, page) ?? `https://www.tiktok.com/@${handle}/${section}/${postId}`)
      : undefined,
  });
}

/** TikTok's sign-in pages, or a page that only asks for a password. */
export function isTikTokLoginWall(document: Document, url: URL | string): boolean {
  return /^\/login\b/.test(toUrl(url).pathname) || hasPasswordField(document);
}

/** The breadcrumb step that links to the account: "Name (@handle) Official | TikTok". */
function breadcrumbName(document: Document, handle: string): string | undefined {
  for (const step of ldList(jsonLdOfType(document, 'BreadcrumbList'), 'itemListElement')) {
    const item = ldNode(step, 'item');
    if (ldText(item, '@id')?.toLowerCase().endsWith(`/@${handle.toLowerCase()}`)) return ldText(item, 'name');
  }
  return undefined;
}
