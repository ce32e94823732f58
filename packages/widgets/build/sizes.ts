/**
 * What the widgets cost a page, minified and gzipped: the budget test asserts
 * these figures and the benchmark prints them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const DIST = new URL('../dist/', import.meta.url).pathname;
export const WIDGETS = ['signup', 'petition', 'donate', 'rsvp'];
/** The budgets issue 4 sets, in bytes. */
export const ISSUE_BUDGETS = { allWithSdk: 22 * 1024, singleWidget: 16 * 1024 };

/** Gzipped size of one built file. */
export function gzipSize(file: string): number {
  return gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
}

/** `file` and every chunk it imports statically, transitively. */
export function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(join(DIST, file), 'utf8');
  for (const [, dep] of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) staticGraph(dep!, seen);
  return seen;
}

/** Gzipped bytes a page downloads to run `entry` (the entry and its chunks, each gzipped as served). */
export function entryCost(entry: string): number {
  return [...staticGraph(entry)].reduce((sum, file) => sum + gzipSize(file), 0);
}

/** Every figure the budgets and the benchmark report. */
export function measure(): Record<string, number> {
  if (!existsSync(join(DIST, 'tract-widgets.iife.js'))) throw new Error('dist/ is missing: run `npm run build -w packages/widgets` first.');
  return {
    'tract-widgets.iife.js (all four + SDK)': gzipSize('tract-widgets.iife.js'),
    'tract-widgets.js (ESM, all four + SDK)': entryCost('tract-widgets.js'),
    ...Object.fromEntries(WIDGETS.map((w) => [`${w}.js (alone, with SDK)`, entryCost(`${w}.js`)])),
    'tract-challenge-worker.js (altcha-lib solver)': gzipSize('tract-challenge-worker.js'),
  };
}
