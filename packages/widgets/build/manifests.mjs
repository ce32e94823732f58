/**
 * After rollup: the Custom Elements Manifest (from the components' JSDoc) and
 * the SRI manifest, one `sha384-` integrity value per built script, so a
 * webmaster can pin `<script integrity>` to exactly what was published.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIST = new URL('../dist/', import.meta.url).pathname;

execFileSync(
  'npx',
  [
    'cem',
    'analyze',
    '--litelement',
    '--globs',
    'src/**/*.ts',
    '--exclude',
    'src/**/*.test.ts',
    '--exclude',
    'src/test/**',
    '--outdir',
    'dist',
    '--quiet',
  ],
  { stdio: 'inherit', cwd: new URL('..', import.meta.url).pathname },
);

const integrity = {};
for (const file of readdirSync(DIST)
  .filter((f) => f.endsWith('.js'))
  .sort()) {
  integrity[file] = `sha384-${createHash('sha384')
    .update(readFileSync(join(DIST, file)))
    .digest('base64')}`;
}
writeFileSync(join(DIST, 'sri.json'), `${JSON.stringify(integrity, null, 2)}\n`);
console.log(`dist/sri.json: ${Object.keys(integrity).length} files; dist/custom-elements.json written`);
