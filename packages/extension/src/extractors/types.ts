import type { Network } from '@tract/sdk/schema';

export type { Network };

/** The person a social page is about, as read from the page itself. */
export interface ClippedProfile {
  network: Network;
  /** The account name without a leading `@` (`user@instance` on Mastodon). */
  handle: string;
  /** The name the person shows, with the network's title decorations removed. */
  displayName: string;
  /** Absolute https address of the person's profile, without tracking parameters. */
  profileUrl: string;
  /** The picture the page shows for the person, when the page names one. */
  avatarUrl?: string;
  /** The post the interaction happened on, when the page is a post rather than a profile. */
  postUrl?: string;
}

/**
 * Why nothing was clipped, so the panel can say it plainly:
 * the network hides the page behind its sign-in form, the site is a supported
 * network but the page shows no person (a feed, a search), or the site is not
 * a supported network at all.
 */
export type NoProfileReason = 'login_wall' | 'unsupported_page' | 'unsupported_site';

/** Reads one network's pages. */
export type ProfileExtractor = (document: Document, url: URL | string) => ClippedProfile | null;

/** Tells whether a page is one network's sign-in wall. */
export type LoginWallCheck = (document: Document, url: URL | string) => boolean;
