/**
 * Test support for the extractors (imported by `*.test.ts` only, never by the
 * extension): turns saved or hand-written HTML into a real `Document`.
 *
 * Why linkedom rather than happy-dom, jsdom or a browser: the extractors only
 * read the parsed page (`querySelector`, attributes, `textContent`, `title`),
 * and linkedom gives exactly that standard DOM, built by a real HTML parser
 * (htmlparser2) that decodes entities the way a browser does, in plain Node,
 * fast enough for 750 kB pages. It is already installed as a dependency of
 * WXT; happy-dom and jsdom are not, and a browser (vitest browser mode) would
 * add a Chromium start to every run for nothing the extractors use.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseHTML } from 'linkedom';

/** Parses a whole HTML page into a `Document`. */
export function parsePage(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

/** A minimal page: the given head markup (meta, link, JSON-LD) and body markup. */
export function minimalPage(head: string, body = ''): Document {
  return parsePage(`<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`);
}

/** Reads a saved page, gunzipping `.html.gz` files. */
export function loadSavedPage(path: string): Document {
  const bytes = readFileSync(path);
  return parsePage((path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
}

/** Every saved page (`.html`, `.html.gz`) under `directory`, as paths relative to it, sorted. */
export function listSavedPages(directory: string | URL): string[] {
  const root = typeof directory === 'string' ? directory : fileURLToPath(directory);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.html(\.gz)?$/.test(path))
    .map((path) => relative(root, join(root, path)))
    .sort();
}
