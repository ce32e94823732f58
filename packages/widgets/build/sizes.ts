/**
 * What the widgets cost a page, minified and gzipped file by file as a server
 * sends them: the size test asserts the ceilings on these figures and the benchmark prints
 * them. A page's cost counts every byte it downloads to show its forms and
 * submit with them: the entry, every chunk it imports, and every chunk the
 * forms `import()` afterwards (the SDK, zod, the schema of each kind the page
 * submits, one language's SDK messages), read from `dist/chunks.*.json`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const DIST = new URL('../dist/', import.meta.url).pathname;
export const WIDGETS = ['signup', 'petition', 'donate', 'rsvp'] as const;
export type Widget = (typeof WIDGETS)[number];
/**
 * The owner's ceilings for the classic script, in bytes (asserted), and the goal
 * beyond them (printed): the four forms rendered from that one file, and
 * everything it has loaded once a first submit went out.
 */
export const CLASSIC_SCRIPT_LIMITS = {
  render: { ceiling: 18.5 * 1024 },
  firstSubmit: { ceiling: 40 * 1024, goal: 30 * 1024 },
};

/** The SDK schema module each widget submits with. */
const SCHEMA_OF: Record<Widget, string> = { signup: 'signup', petition: 'petition', donate: 'donation', rsvp: 'rsvp' };

interface ChunkInfo {
  file: string;
  imports: string[];
  dynamicImports: string[];
  modules: string[];
}

/** Gzipped size of one built file. */
export function gzipSize(file: string): number {
  return gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
}

/** The ESM builds' chunks (one widget per page, all four, the classic script's SDK), by file name. */
function chunkInfo(): Map<string, ChunkInfo> {
  const chunks = ['chunks.widgets.json', 'chunks.all.json', 'chunks.classic.json'].flatMap(
    (name) => JSON.parse(readFileSync(join(DIST, name), 'utf8')) as ChunkInfo[],
  );
  return new Map(chunks.map((chunk) => [chunk.file, chunk]));
}

/** The texts a widget fetches only when its relay fails it: no first submit that goes through loads them. */
const RELAY_PROBLEM_TEXTS = 'packages/widgets/src/i18n/relay-problems.ts';
/** What a donor's return from the checkout shows: loaded only on that return, by a page that submits nothing. */
const PLEDGE_RETURN = 'packages/widgets/src/core/pledge-return.ts';

/**
 * Whether a page showing `widgets` in `locale` would never load `chunk` for a
 * submit that goes through: another kind's schema, the other language, what
 * is said when the relay fails.
 */
function unused(chunk: ChunkInfo, widgets: readonly Widget[], locale: 'en' | 'fr'): boolean {
  return chunk.modules.some((id) => {
    if (id === RELAY_PROBLEM_TEXTS || id === PLEDGE_RETURN) return true;
    const schema = /packages\/sdk\/src\/schema\/(signup|petition|rsvp|donation|contact|field-result)\.ts$/.exec(id)?.[1];
    if (schema) return !widgets.some((widget) => SCHEMA_OF[widget] === schema);
    const messages = /packages\/sdk\/src\/messages\/(en|fr)\.ts$/.exec(id)?.[1];
    return messages !== undefined && messages !== locale;
  });
}

/** The files `entry` loads before its forms render, and everything it has loaded once they submitted. */
export function pageFiles(entry: string, widgets: readonly Widget[], locale: 'en' | 'fr' = 'fr'): { atStart: string[]; all: string[] } {
  const chunks = chunkInfo();
  const walk = (withDynamic: boolean) => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      const chunk = chunks.get(file);
      if (!chunk || seen.has(file) || unused(chunk, widgets, locale)) return;
      seen.add(file);
      for (const next of withDynamic ? [...chunk.imports, ...chunk.dynamicImports] : chunk.imports) visit(next);
    };
    visit(entry);
    return [...seen];
  };
  return { atStart: walk(false), all: walk(true) };
}

/** The figures the ceilings apply to, by their names in `measure()`. */
export const CLASSIC_RENDER = 'all four, before first render (tract-widgets.iife.js)';
export const CLASSIC_FIRST_SUBMIT = 'all four + SDK for a first submit (tract-widgets.iife.js and every chunk)';

const sum = (files: string[]) => files.reduce((total, file) => total + gzipSize(file), 0);

/** The files of one build (`chunks.*.json`) that hold `module`. */
function chunksHolding(module: string, manifest: string): string[] {
  const chunks = JSON.parse(readFileSync(join(DIST, manifest), 'utf8')) as ChunkInfo[];
  return chunks.filter((chunk) => chunk.modules.includes(module)).map((chunk) => chunk.file);
}

/** Every figure the size test and the benchmark report, in bytes. */
export function measure(): Record<string, number> {
  if (!existsSync(join(DIST, 'chunks.all.json'))) throw new Error('dist/ is missing: run `npm run build -w packages/widgets` first.');
  // The classic script renders all four by itself, then imports its SDK module and that module's chunks.
  const classicScript = gzipSize('tract-widgets.iife.js');
  const classicSdk = pageFiles('tract-widgets-sdk.js', WIDGETS);
  return {
    [CLASSIC_FIRST_SUBMIT]: classicScript + sum(classicSdk.all),
    [CLASSIC_RENDER]: classicScript,
    ...Object.fromEntries(
      WIDGETS.flatMap((widget) => {
        const files = pageFiles(`${widget}.js`, [widget]);
        return [
          [`${widget}.js alone, with SDK (every chunk)`, sum(files.all)],
          [`${widget}.js alone, before first render`, sum(files.atStart)],
        ];
      }),
    ),
    'tract-challenge-worker.js (altcha-lib solver)': gzipSize('tract-challenge-worker.js'),
    'relay problem texts (fetched only when the relay fails a form)': sum(chunksHolding(RELAY_PROBLEM_TEXTS, 'chunks.classic.json')),
    'checkout return view (fetched only when a donor comes back from paying)': sum(chunksHolding(PLEDGE_RETURN, 'chunks.classic.json')),
  };
}
