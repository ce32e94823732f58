/**
 * YouTube. Channels live at `/@handle`, `/channel/UC…`, and the legacy
 * `/c/name` and `/user/name`; channel pages publish the name in `og:title`, the
 * avatar in `og:image` and the channel's other addresses in `<link>`s. Video
 * pages (`/watch?v=`, `/shorts/id`, `/live/id`) name their channel in schema.org
 * microdata (`[itemprop=author]` with `url` and `name`) and, once the app has
 * rendered, in the owner block under the player.
 */
import { assetUrl, canonical, clipped, hasPasswordField, headDescribes, meta, normaliseUrl, pathSegments, textOf, toUrl } from './page.js';
import type { ClippedProfile } from './types.js';

const CHANNEL_SECTIONS = new Set(['channel', 'c', 'user']);
const VIDEO_SECTIONS = new Set(['shorts', 'live']);

/** A channel address, from the most to the least readable handle it gives. */
interface ChannelAddress {
  handle: string;
  rank: number;
}

/** Reads the channel of a YouTube channel page, or the channel that published a video page. */
export function extractYouTube(document: Document, url: URL | string): ClippedProfile | null {
  const page = toUrl(url);
  const [first, second] = pathSegments(page);
  const videoId = first === 'watch' ? page.searchParams.get('v') : first && VIDEO_SECTIONS.has(first) ? second : undefined;
  if (videoId) return readVideo(document, page, headDescribes(document, page), videoId);
  const channel = channelOf(page.href);
  return channel ? readChannel(document, page, channel) : null;
}

/** YouTube's sign-in hand-off (`/signin`), or a page that only asks for a password. */
export function isYouTubeLoginWall(document: Document, url: URL | string): boolean {
  return /^\/signin\b/.test(toUrl(url).pathname) || hasPasswordField(document);
}

function readChannel(document: Document, page: URL, shown: ChannelAddress): ClippedProfile | null {
  const headAddresses = [canonical(document), meta(document, 'og:url'), ...alternates(document)];
  // A channel tab (`/@name/videos`) is described by a head naming the channel's root, possibly by another of its addresses.
  const fresh =
    headDescribes(document, page) ||
    headAddresses.some((address) => channelOf(address)?.handle.toLowerCase() === shown.handle.toLowerCase());
  const addresses = fresh ? [page.href, ...headAddresses] : [page.href];
  const profileUrl = normaliseUrl(fresh ? (canonical(document) ?? meta(document, 'og:url')) : undefined, page) ?? normaliseUrl(page.href)!;
  const displayName =
    (fresh ? meta(document, 'og:title') : undefined) ?? textOf(document, '#channel-name #text, yt-dynamic-text-view-model h1');
  const handle = bestHandle(addresses);
  if (!displayName || !handle) return null;
  return clipped({
    network: 'youtube',
    handle,
    displayName,
    profileUrl: channelRoot(profileUrl),
    avatarUrl: assetUrl(fresh ? meta(document, 'og:image') : undefined, page),
  });
}

function readVideo(document: Document, page: URL, fresh: boolean, videoId: string): ClippedProfile | null {
  const author = fresh ? document.querySelector('[itemprop="author"]') : null;
  const owner = document.querySelector('ytd-video-owner-renderer, #owner');
  const channelHref =
    author?.querySelector('[itemprop="url"]')?.getAttribute('href') ??
    owner?.querySelector('a[href^="/@"], a[href^="/channel/"]')?.getAttribute('href') ??
    undefined;
  const profileUrl = normaliseUrl(channelHref, page);
  const handle = bestHandle([profileUrl]);
  const displayName =
    author?.querySelector('[itemprop="name"]')?.getAttribute('content')?.trim() ||
    textOf(owner ?? document, '#channel-name a, #channel-name #text');
  if (!profileUrl || !handle || !displayName) return null;
  const shortAddress = pathSegments(page)[0] === 'watch' ? undefined : page.href;
  return clipped({
    network: 'youtube',
    handle,
    displayName,
    profileUrl: channelRoot(profileUrl),
    avatarUrl: assetUrl(owner?.querySelector('#avatar img, img')?.getAttribute('src') ?? undefined, page),
    postUrl:
      normaliseUrl(fresh ? canonical(document) : undefined, page) ??
      normaliseUrl(shortAddress ?? `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}`),
  });
}

/** The channel's other addresses the page links to (mobile site, legacy custom address). */
function alternates(document: Document): string[] {
  return [...document.querySelectorAll('link[rel="alternate"]')].flatMap((link) => {
    const href = link.getAttribute('href');
    return href?.startsWith('http') ? [href] : [];
  });
}

/** The most readable handle among addresses: `@handle`, then a legacy name, then the channel id. */
function bestHandle(addresses: (string | undefined)[]): string | undefined {
  const found = addresses.flatMap((address) => {
    const channel = channelOf(address);
    return channel ? [channel] : [];
  });
  return found.sort((a, b) => a.rank - b.rank)[0]?.handle;
}

function channelOf(address: string | undefined): ChannelAddress | undefined {
  const normalised = normaliseUrl(address);
  if (!normalised || !/(^|\.)youtube\.com$/.test(new URL(normalised).hostname)) return undefined;
  const [first, second] = pathSegments(normalised);
  if (first?.startsWith('@') && first.length > 1) return { handle: first.slice(1), rank: 0 };
  if (first && second && CHANNEL_SECTIONS.has(first)) return { handle: second, rank: first === 'channel' ? 2 : 1 };
  return undefined;
}

/** A channel's tab (`/@name/videos`) → the channel itself (`/@name`), on `www.`. */
function channelRoot(address: string): string {
  const parsed = new URL(address);
  const [first, second] = pathSegments(parsed);
  const root = first?.startsWith('@') ? `/${first}` : `/${first}/${second}`;
  return `https://www.youtube.com${encodeURI(root)}`;
}
