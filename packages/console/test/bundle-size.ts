/**
 * What an app's first screen costs: its entry and every chunk the entry
 * imports statically, min+gz (what `import()` loads later, the charts, is
 * not counted). Read from the build (`dist/apps.json`, `dist/chunks.json`);
 * shared by the size test and the bench.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const DIST = new URL('../dist/', import.meta.url).pathname;

export interface BuiltApp {
  name: string;
  page: string;
  script: string;
  firstScreenBudget: number;
}

interface Chunk {
  file: string;
  imports: string[];
  dynamicImports: string[];
}

export function builtApps(): BuiltApp[] {
  return JSON.parse(readFileSync(join(DIST, 'apps.json'), 'utf8')) as BuiltApp[];
}

function gzipped(file: string): number {
  return gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
}

/** The files an app loads before its first screen, and what they weigh together gzipped; `later`: what it may `import()` after. */
export function firstScreenSize(app: BuiltApp): { files: string[]; bytes: number; laterBytes: number } {
  const chunks = new Map((JSON.parse(readFileSync(join(DIST, 'chunks.json'), 'utf8')) as Chunk[]).map((c) => [c.file, c]));
  const now = new Set<string>();
  const visit = (file: string) => {
    if (now.has(file)) return;
    now.add(file);
    for (const imported of chunks.get(file)?.imports ?? []) visit(imported);
  };
  visit(app.script);
  const later = new Set<string>();
  const visitLater = (file: string) => {
    for (const imported of [...(chunks.get(file)?.imports ?? []), ...(chunks.get(file)?.dynamicImports ?? [])]) {
      if (now.has(imported) || later.has(imported)) continue;
      later.add(imported);
      visitLater(imported);
    }
  };
  for (const file of now) visitLater(file);
  const sum = (files: Iterable<string>) => [...files].reduce((total, file) => total + gzipped(file), 0);
  return { files: [...now], bytes: sum(now), laterBytes: sum(later) };
}
