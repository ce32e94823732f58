/**
 * Readers of the metadata every social network publishes about its pages
 * (OpenGraph and profile meta tags, canonical links, JSON-LD structured data,
 * app links) and of addresses. Written once so that each network's module only
 * says which of them it trusts, in which order.
 */

import type { ClippedProfile } from './types.js';

/** One object of a page's JSON-LD structured data. */
export type JsonLdNode = Record<string, unknown>;

/** Accepts what callers have at hand: `location.href`, a `URL`, a saved page's address. */
export function toUrl(url: URL | string): URL {
  return typeof url === 'string' ? new URL(url) : url;
}

/**
 * The `content` of a `<meta>` named by `property` (OpenGraph, `profile:`, `al:`)
 * or by `name` (`description`, `twitter:`), trimmed; undefined when absent or
 * empty, because an empty tag (TikTok writes `og:image=""`) says nothing.
 */
export function meta(document: Document, key: string): string | undefined {
  const element = document.querySelector(`meta[property="${key}"], meta[name="${key}"]`);
  const content = element?.getAttribute('content')?.trim();
  return content ? content : undefined;
}

/** The `href` of the first `<link>` with this `rel` (and this `type`, when given). */
export function linkHref(document: Document, rel: string, type?: string): string | undefined {
  const typed = type === undefined ? '' : `[type="${type}"]`;
  const href = document.querySelector(`link[rel~="${rel}"]${typed}`)?.getAttribute('href')?.trim();
  return href ? href : undefined;
}

/** The page's `<link rel="canonical">`. */
export function canonical(document: Document): string | undefined {
  return linkHref(document, 'canonical');
}

/**
 * Every JSON-LD object of the page, with top-level arrays and `@graph`
 * containers flattened. A malformed block is skipped: one broken script must
 * not hide the others.
 */
export function jsonLd(document: Document): JsonLdNode[] {
  const nodes: JsonLdNode[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (isNode(value)) {
      nodes.push(value);
      if (Array.isArray(value['@graph'])) value['@graph'].forEach(collect);
    }
  };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      collect(JSON.parse(script.textContent ?? ''));
    } catch {
      // Not JSON: skip this block, keep reading the others.
    }
  }
  return nodes;
}

/** The first JSON-LD object whose `@type` is one of `types`. */
export function jsonLdOfType(document: Document, ...types: string[]): JsonLdNode | undefined {
  return jsonLd(document).find((node) => {
    const type = node['@type'];
    return Array.isArray(type) ? type.some((t) => types.includes(String(t))) : types.includes(String(type));
  });
}

/** A JSON-LD property that is a non-empty string, trimmed and with HTML entities decoded. */
export function ldText(node: JsonLdNode | undefined, key: string): string | undefined {
  const value = node?.[key];
  if (typeof value !== 'string') return undefined;
  return cleanText(decodeEntities(value));
}

/** A JSON-LD property that is an object. */
export function ldNode(node: JsonLdNode | undefined, key: string): JsonLdNode | undefined {
  return ldList(node, key)[0];
}

/** A JSON-LD property's objects, whether it holds one or a list. */
export function ldList(node: JsonLdNode | undefined, key: string): JsonLdNode[] {
  const value = node?.[key];
  return (Array.isArray(value) ? value : [value]).filter(isNode);
}

/**
 * A JSON-LD address: a string, or an object's `@id`, `url` or `contentUrl`
 * (schema.org allows all of them for `url`, `image` and `mainEntityOfPage`).
 */
export function ldUrl(node: JsonLdNode | undefined, key: string): string | undefined {
  const value = node?.[key];
  if (typeof value === 'string') return value.trim() || undefined;
  const inner = ldNode(node, key);
  return ldText(inner, '@id') ?? ldText(inner, 'url') ?? ldText(inner, 'contentUrl');
}

function isNode(value: unknown): value is JsonLdNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The DOM decodes entities in attributes and text, but not inside JSON-LD
 * scripts, where some networks still write `&#39;` or `&amp;`.
 */
export function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return named[body.toLowerCase()] ?? entity;
  });
}

/** Whitespace collapsed and trimmed; undefined when nothing is left. */
export function cleanText(text: string | null | undefined): string | undefined {
  const cleaned = text?.replace(/\s+/g, ' ').trim();
  return cleaned ? cleaned : undefined;
}

/**
 * The tab title without the unread counter single-page apps put in front of
 * it ("(3) Jane (@jane) / X"): the title is what they keep current when they
 * navigate, so it is the last metadata worth reading.
 */
export function documentTitle(document: Document): string {
  return document.title.replace(/^\(\d+\+?\)\s*/, '').trim();
}

/** The text of the first element matching `selector`, cleaned. */
export function textOf(root: ParentNode, selector: string): string | undefined {
  return cleanText(root.querySelector(selector)?.textContent);
}

/**
 * Query parameters that only say where a click came from (campaign tags, share
 * tokens, app hand-offs, interface language) and never which person or post an
 * address is about. Identity parameters (`v`, `id`, `story_fbid`) are kept.
 */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'igshid',
  'igsh',
  'si',
  's',
  't',
  'ref',
  'ref_src',
  'ref_url',
  'src',
  'feature',
  'app',
  'pp',
  'mibextid',
  'rdid',
  'share_url',
  'is_from_webapp',
  'sender_device',
  'web_id',
  '_r',
  '_t',
  'trk',
  'trackingid',
  'lipi',
  'original_referer',
  'originalsubdomain',
  'rcm',
  'hl',
  'lang',
  'locale',
  '__cft__[0]',
  '__tn__',
]);

/**
 * An absolute `https:` address without fragment or tracking parameters,
 * resolved against `base`; undefined for anything that is not a web address
 * (`javascript:`, `data:`, app schemes) or cannot be parsed.
 */
export function normaliseUrl(href: string | undefined, base?: URL | string): string | undefined {
  if (!href) return undefined;
  let address: URL;
  try {
    address = new URL(href, base);
  } catch {
    return undefined;
  }
  if (address.protocol !== 'https:' && address.protocol !== 'http:') return undefined;
  address.protocol = 'https:';
  address.hash = '';
  for (const name of [...address.searchParams.keys()]) {
    if (name.startsWith('utm_') || TRACKING_PARAMS.has(name.toLowerCase())) address.searchParams.delete(name);
  }
  return address.toString();
}

/**
 * An absolute `https:` address of a picture, with its query kept whole: image
 * CDNs sign their addresses (`oh=`, `t=`), and a stripped one no longer loads.
 */
export function assetUrl(href: string | undefined, base?: URL | string): string | undefined {
  if (!href) return undefined;
  try {
    const address = new URL(href, base);
    if (address.protocol !== 'https:' && address.protocol !== 'http:') return undefined;
    address.protocol = 'https:';
    return address.toString();
  } catch {
    return undefined;
  }
}

/** The decoded, non-empty segments of an address's path. */
export function pathSegments(url: URL | string): string[] {
  return toUrl(url)
    .pathname.split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

/**
 * Splits the "Display Name (@handle)" pattern most networks put in titles
 * ("Jane (@jane) on X", "Megadeth (@megadeth) • Instagram photos and videos",
 * "Jane (@jane@mastodon.example)").
 */
export function nameAndHandle(text: string | undefined): { name: string; handle: string } | undefined {
  const match = text?.match(/^\s*(.+?)\s*\(@([^()\s]+)\)/u);
  if (!match) return undefined;
  const name = cleanText(match[1]);
  return name ? { name, handle: match[2]! } : undefined;
}

/**
 * Whether the head metadata (OpenGraph `og:url`, canonical link) still describes
 * the address the browser shows. Single-page apps change the address and the
 * body when the organizer moves to another profile but often leave the head of
 * the first page in place; reading it then would clip the wrong person. The
 * head matches when it names the same path (on any mirror host, in any case)
 * and every query parameter it names has the same value in the shown address,
 * which may carry more (`?img_index=1`, `&sk=about`). A head without `og:url`
 * or canonical cannot be checked and is trusted.
 */
export function headDescribes(document: Document, url: URL | string): boolean {
  const declared = [meta(document, 'og:url'), canonical(document)].flatMap((href) => {
    const address = normaliseUrl(href, url);
    return address ? [new URL(address)] : [];
  });
  if (declared.length === 0) return true;
  const shown = new URL(normaliseUrl(toUrl(url).href)!);
  const samePath = (a: URL, b: URL) => a.pathname.replace(/\/+$/, '').toLowerCase() === b.pathname.replace(/\/+$/, '').toLowerCase();
  return declared.some(
    (address) => samePath(address, shown) && [...address.searchParams].every(([name, value]) => shown.searchParams.get(name) === value),
  );
}

/** Whether the page asks for a password: the common sign of a login wall. */
export function hasPasswordField(document: Document): boolean {
  return document.querySelector('input[type="password"]') !== null;
}

/**
 * A profile without the optional fields the page did not give, so that what
 * the panel shows and what the relay receives never carry empty keys.
 */
export function clipped(profile: ClippedProfile): ClippedProfile {
  const { avatarUrl, postUrl, ...required } = profile;
  return { ...required, ...(avatarUrl ? { avatarUrl } : {}), ...(postUrl ? { postUrl } : {}) };
}
