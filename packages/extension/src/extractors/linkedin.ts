/**
 * LinkedIn. People live at `/in/slug`, organisations at `/company/slug` and
 * `/school/slug`, on `www.` or a country subdomain (`uk.linkedin.com`). Public
 * pages publish JSON-LD (`Person` or `Organization`; on posts a
 * `SocialMediaPosting` or `DiscussionForumPosting` whose `author` is the
 * poster) and OpenGraph ("Name - Headline | LinkedIn"). Everything else sends
 * logged-out visitors to `/authwall`.
 */
import {
  assetUrl,
  canonical,
  cleanText,
  clipped,
  documentTitle,
  hasPasswordField,
  headDescribes,
  type JsonLdNode,
  jsonLdOfType,
  ldNode,
  ldText,
  ldUrl,
  meta,
  normaliseUrl,
  pathSegments,
  toUrl,
} from './page.js';
import type { ClippedProfile } from './types.js';

const ACCOUNT_SECTIONS = new Set(['in', 'company', 'school', 'showcase']);
const POST_TYPES = ['SocialMediaPosting', 'DiscussionForumPosting', 'Article'];

/** Reads the person or organisation of a LinkedIn profile page, or the author of a post page. */
export function extractLinkedIn(document: Document, url: URL | string): ClippedProfile | null {
  const page = toUrl(url);
  // The signed-in app navigates without reloading its head; then only the address and the tab title are current.
  const fresh = headDescribes(document, page);
  const posting = fresh ? jsonLdOfType(document, ...POST_TYPES) : undefined;
  return posting ? readPost(document, page, posting) : readProfile(document, page, fresh);
}

/** LinkedIn's sign-in wall (`/authwall`, `/login`, `/checkpoint`), or a page that only asks for a password. */
export function isLinkedInLoginWall(document: Document, url: URL | string): boolean {
  return /^\/(authwall|login|checkpoint|uas\/login|signup)\b/.test(toUrl(url).pathname) || hasPasswordField(document);
}

function readProfile(document: Document, page: URL, fresh: boolean): ClippedProfile | null {
  const address = (fresh ? normaliseUrl(canonical(document) ?? meta(document, 'og:url'), page) : undefined) ?? page.href;
  const account = accountOf(address);
  if (!account) return null;
  const subject = fresh ? jsonLdOfType(document, 'Person', 'Organization', 'EducationalOrganization', 'CollegeOrUniversity') : undefined;
  const displayName = ldText(subject, 'name') ?? nameFromTitle((fresh ? meta(document, 'og:title') : undefined) ?? documentTitle(document));
  if (!displayName) return null;
  return clipped({
    network: 'linkedin',
    ...account,
    displayName,
    avatarUrl: assetUrl(ldUrl(subject, 'image') ?? ldUrl(subject, 'logo') ?? (fresh ? meta(document, 'og:image') : undefined), page),
  });
}

function readPost(document: Document, page: URL, posting: JsonLdNode): ClippedProfile | null {
  const author = ldNode(posting, 'author') ?? ldNode(posting, 'creator');
  const account = accountOf(normaliseUrl(ldUrl(author, 'url'), page));
  const displayName = ldText(author, 'name');
  if (!account || !displayName) return null;
  return clipped({
    network: 'linkedin',
    ...account,
    displayName,
    avatarUrl: assetUrl(ldUrl(author, 'image'), page),
    postUrl: normaliseUrl(canonical(document) ?? meta(document, 'og:url') ?? ldUrl(posting, 'url'), page) ?? page.href,
  });
}

/** `/in/slug` or `/company/slug` on any LinkedIn subdomain → the slug and its `www.` address. */
function accountOf(address: string | undefined): { handle: string; profileUrl: string } | undefined {
  if (!address) return undefined;
  const [section, slug] = pathSegments(address);
  if (!section || !slug || !ACCOUNT_SECTIONS.has(section)) return undefined;
  return { handle: slug, profileUrl: `https://www.linkedin.com/${section}/${encodeURIComponent(slug)}` };
}

/** "Jane Doe - Mayor of Lyon | LinkedIn" → "Jane Doe"; "Audiense | LinkedIn" → "Audiense". */
function nameFromTitle(title: string): string | undefined {
  return cleanText(title.replace(/\s*\|\s*LinkedIn\s*$/, '').split(' - ')[0]);
}
