/**
 * Mastodon, on any of its thousands of servers: recognised from what every
 * server renders, never from the host name. Profile pages carry
 * `og:type=profile`, `profile:username` = `user@server`, "Name (@user@server)"
 * in `og:title`, the avatar in `og:image` and a `<link rel=alternate
 * type=application/activity+json>` to the ActivityPub actor. Status pages carry
 * the same with `og:type=article`, the author in `og:title` and
 * `profile:username`, and a JSON-LD `SocialMediaPosting` whose `author` has the
 * profile address.
 */
import {
  assetUrl,
  canonical,
  cleanText,
  clipped,
  headDescribes,
  jsonLdOfType,
  ldNode,
  ldText,
  ldUrl,
  linkHref,
  meta,
  nameAndHandle,
  normaliseUrl,
  pathSegments,
  textOf,
  toUrl,
} from './page.js';
import type { ClippedProfile } from './types.js';

/** `user@server.tld`: a fediverse address, which no big network puts in `profile:username`. */
const ACCOUNT = /^@?([\p{L}\p{N}._-]+)@([a-z0-9-]+(\.[a-z0-9-]+)+)$/iu;

/**
 * Whether the page was rendered by a Mastodon (or compatible fediverse)
 * server: a `profile:username` with a server part, an ActivityPub alternate
 * link next to OpenGraph, or Mastodon's web app holder (`#mastodon[data-props]`),
 * which is all a signed-in organizer's pages have once the app has navigated.
 */
export function isMastodonPage(document: Document): boolean {
  if (ACCOUNT.test(meta(document, 'profile:username') ?? '')) return true;
  if (document.querySelector('#mastodon[data-props]')) return true;
  return activityLink(document) !== undefined && meta(document, 'og:title') !== undefined;
}

/**
 * Reads the person of a Mastodon profile page, or the author of a status page:
 * from the head the server rendered when it still describes the page, else
 * from what the web app shows after navigating.
 */
export function extractMastodon(document: Document, url: URL | string): ClippedProfile | null {
  const page = toUrl(url);
  if (!isMastodonPage(document)) return null;
  return (headDescribes(document, page) ? fromHead(document, page) : null) ?? fromWebApp(document, page);
}

function fromHead(document: Document, page: URL): ClippedProfile | null {
  const posting = jsonLdOfType(document, 'SocialMediaPosting');
  const author = ldNode(posting, 'author');
  const titled = nameAndHandle(meta(document, 'og:title'));
  const account = [meta(document, 'profile:username'), ldText(author, 'identifier'), titled?.handle, accountFromActor(document)]
    .map((candidate) => candidate?.match(ACCOUNT))
    .find((match) => match);
  if (!account) return null;
  const handle = `${account[1]}@${account[2]!.toLowerCase()}`;

  const address = normaliseUrl(meta(document, 'og:url') ?? canonical(document), page) ?? normaliseUrl(page.href)!;
  const isPost = meta(document, 'og:type') === 'article' || posting !== undefined;
  const profileUrl = isPost
    ? (normaliseUrl(ldUrl(author, 'url'), page) ??
      `${new URL(address).origin}/@${pathSegments(address)[0]?.replace(/^@/, '') ?? account[1]}`)
    : address;
  // A status's `og:image` is its first picture when it has one, the author's avatar otherwise.
  const statusHasMedia = posting !== undefined && (posting['image'] !== undefined || posting['video'] !== undefined);
  const avatar = isPost && (posting === undefined || statusHasMedia) ? undefined : meta(document, 'og:image');

  return clipped({
    network: 'mastodon',
    handle,
    displayName: titled?.name ?? ldText(author, 'name') ?? account[1]!,
    profileUrl,
    avatarUrl: assetUrl(avatar, page),
    postUrl: isPost ? address : undefined,
  });
}

/**
 * The web app's own rendering, at `/@user` (an account of this server) or
 * `/@user@server` (any other), optionally under `/deck`: the account header
 * (`.account__header__tabs__name h1`, the name followed by a `<small>` with the
 * address) or the focused status (`.detailed-status`, its author in `.display-name__html`).
 */
function fromWebApp(document: Document, page: URL): ClippedProfile | null {
  const segments = pathSegments(page);
  const at = segments.findIndex((segment) => segment.startsWith('@'));
  const acct = segments[at]?.slice(1);
  if (!acct) return null;
  const [user, server = page.hostname] = acct.split('@');
  const statusId = segments[at + 1];
  const isPost = statusId !== undefined && /^\d+$/.test(statusId);
  const scope = isPost ? document.querySelector('.detailed-status') : document.querySelector('.account__header');
  const displayName = isPost ? textOf(scope ?? document, '.display-name__html') : nameFromAccountHeader(scope);
  if (!user || !displayName) return null;
  const avatar = scope?.querySelector('.detailed-status__display-avatar img, .account__avatar img, .avatar img')?.getAttribute('src');

  return clipped({
    network: 'mastodon',
    handle: `${user}@${server.toLowerCase()}`,
    displayName,
    profileUrl: `${page.origin.replace(/^http:/, 'https:')}/@${acct}`,
    avatarUrl: assetUrl(avatar ?? undefined, page),
    postUrl: isPost ? normaliseUrl(page.href) : undefined,
  });
}

/** The account header's `<h1>` holds the name, then a `<small>` with the address and badges. */
function nameFromAccountHeader(header: Element | null): string | undefined {
  const heading = header?.querySelector('.account__header__tabs__name h1');
  if (!heading) return undefined;
  const address = heading.querySelector('small')?.textContent ?? '';
  return cleanText((heading.textContent ?? '').replace(address, ''));
}

function activityLink(document: Document): string | undefined {
  return linkHref(document, 'alternate', 'application/activity+json');
}

/** `https://server/users/user` (the ActivityPub actor, or a status under it) → `user@server`. */
function accountFromActor(document: Document): string | undefined {
  const actor = normaliseUrl(activityLink(document));
  if (!actor) return undefined;
  const [section, user] = pathSegments(actor);
  return section === 'users' && user ? `${user}@${new URL(actor).hostname}` : undefined;
}
