/**
 * Clipping: reads the person a social page is about (a profile, or the author
 * of a post) from the page the organizer is looking at, one network module
 * each. This file only knows which host belongs to which network; Mastodon,
 * which runs on any host, is recognised from the page itself.
 */
import { extractBluesky, isBlueskyLoginWall } from './bluesky.js';
import { extractFacebook, isFacebookLoginWall } from './facebook.js';
import { extractInstagram, isInstagramLoginWall } from './instagram.js';
import { extractLinkedIn, isLinkedInLoginWall } from './linkedin.js';
import { extractMastodon, isMastodonPage } from './mastodon.js';
import { toUrl } from './page.js';
import { extractTikTok, isTikTokLoginWall } from './tiktok.js';
import type { ClippedProfile, LoginWallCheck, Network, NoProfileReason, ProfileExtractor } from './types.js';
import { extractX, isXLoginWall } from './x.js';
import { extractYouTube, isYouTubeLoginWall } from './youtube.js';

export type { ClippedProfile, Network, NoProfileReason } from './types.js';

interface NetworkReader {
  network: Network;
  extract: ProfileExtractor;
  isLoginWall: LoginWallCheck;
}

/** Registrable domains of the networks that live on their own hosts; subdomains (`m.`, `uk.`) included. */
const HOSTED_NETWORKS: ReadonlyArray<readonly [domain: string, reader: NetworkReader]> = [
  ['x.com', { network: 'x', extract: extractX, isLoginWall: isXLoginWall }],
  ['twitter.com', { network: 'x', extract: extractX, isLoginWall: isXLoginWall }],
  ['facebook.com', { network: 'facebook', extract: extractFacebook, isLoginWall: isFacebookLoginWall }],
  ['instagram.com', { network: 'instagram', extract: extractInstagram, isLoginWall: isInstagramLoginWall }],
  ['linkedin.com', { network: 'linkedin', extract: extractLinkedIn, isLoginWall: isLinkedInLoginWall }],
  ['bsky.app', { network: 'bluesky', extract: extractBluesky, isLoginWall: isBlueskyLoginWall }],
  ['youtube.com', { network: 'youtube', extract: extractYouTube, isLoginWall: isYouTubeLoginWall }],
  ['tiktok.com', { network: 'tiktok', extract: extractTikTok, isLoginWall: isTikTokLoginWall }],
];

function hostedReader(url: URL): NetworkReader | undefined {
  const host = url.hostname.toLowerCase();
  return HOSTED_NETWORKS.find(([domain]) => host === domain || host.endsWith(`.${domain}`))?.[1];
}

/**
 * The network a page belongs to: by host name for the networks that have
 * their own, from the page's own markup for Mastodon; undefined elsewhere.
 */
export function detectNetwork(document: Document, url: URL | string): Network | undefined {
  return hostedReader(toUrl(url))?.network ?? (isMastodonPage(document) ? 'mastodon' : undefined);
}

/**
 * The person the page is about: the profile on a profile page, the author on
 * a post page (with `postUrl`). Reads only the given document, never the
 * network. Null on a login wall, a page that shows no one person (feed,
 * search, settings) and any site that is not a supported network; ask
 * {@link explainNoProfile} which.
 *
 * @param document the page as the browser has it now (after single-page navigation too)
 * @param url the address the browser shows for it (`location.href`)
 */
export function extractProfile(document: Document, url: URL | string): ClippedProfile | null {
  const address = toUrl(url);
  const reader = hostedReader(address);
  if (reader) return reader.extract(document, address);
  return extractMastodon(document, address);
}

/**
 * Why {@link extractProfile} found no one on this page, so the panel can say
 * it plainly: the network's sign-in wall, a page of a supported network that
 * is not a profile or a post, or a site that is not a supported network.
 */
export function explainNoProfile(document: Document, url: URL | string): NoProfileReason {
  const address = toUrl(url);
  const reader = hostedReader(address);
  if (reader) return reader.isLoginWall(document, address) ? 'login_wall' : 'unsupported_page';
  return isMastodonPage(document) ? 'unsupported_page' : 'unsupported_site';
}
