/**
 * Bluesky (bsky.app). Profiles live at `/profile/actor`, posts at
 * `/profile/actor/post/rkey`, where the actor is a handle or a `did:`. Both
 * pages publish `profile:username` (the handle), "Name (@handle)" in
 * `og:title`, and JSON-LD (a `ProfilePage` whose `mainEntity` is the person, or
 * a `DiscussionForumPosting` whose `author` is). The avatar is `og:image` when it
 * is served from the avatar path (a post with pictures shows those instead).
 * After the app navigates, only the address and the tab title are current.
 */
import {
  assetUrl,
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
  pathSegments,
  toUrl,
} from './page.js';
import type { ClippedProfile } from './types.js';

/** Bluesky handles are domain names. */
const HANDLE = /^[a-z0-9][a-z0-9.-]*\.[a-z0-9-]+$/i;

/** Reads the person of a Bluesky profile page, or the author of a post page. */
export function extractBluesky(document: Document, url: URL | string): ClippedProfile | null {
  const page = toUrl(url);
  const [section, actor, postSection, rkey] = pathSegments(page);
  if (section !== 'profile' || !actor) return null;
  const isPost = postSection === 'post' && rkey !== undefined;
  // After the app navigates, its head still describes the first page; its tab title, "Name (@handle) — Bluesky", is current.
  const fresh = headDescribes(document, page);

  const person = fresh
    ? jsonLd(document)
        .map((node) => ldNode(node, isPost ? 'author' : 'mainEntity'))
        .find((node) => node !== undefined)
    : undefined;
  const fromTitle = nameAndHandle(documentTitle(document));
  const titled =
    (fresh ? nameAndHandle(meta(document, 'og:title')) : undefined) ??
    (fromTitle && (actor.startsWith('did:') || fromTitle.handle.toLowerCase() === actor.toLowerCase()) ? fromTitle : undefined);
  const handle = [
    fresh ? meta(document, 'profile:username') : undefined,
    ldText(person, 'alternateName')?.replace(/^@/, ''),
    titled?.handle,
    actor,
  ].find((candidate) => candidate !== undefined && HANDLE.test(candidate));
  if (!handle) return null;
  const displayName = ldText(person, 'name') ?? titled?.name ?? handle;
  const ogImage = fresh ? meta(document, 'og:image') : undefined;

  return clipped({
    network: 'bluesky',
    handle,
    displayName,
    profileUrl: `https://bsky.app/profile/${handle}`,
    avatarUrl: assetUrl(ldUrl(person, 'image') ?? (ogImage?.includes('/img/avatar/') ? ogImage : undefined), page),
    postUrl: isPost ? `https://bsky.app/profile/${handle}/post/${rkey}` : undefined,
  });
}

/** Bluesky shows profiles and posts to logged-out visitors; only its sign-in screen is a wall. */
export function isBlueskyLoginWall(document: Document, url: URL | string): boolean {
  return /^\/(login|signin)\b/.test(toUrl(url).pathname) || hasPasswordField(document);
}
