/**
 * The single-page apps this package builds: every folder of `src/` (but
 * `shared/`) with a `main.ts` and an `index.html` is one app, served by the
 * relay at `/<folder>/`. Its `app.json` gives the first screen's budget (bytes
 * of JavaScript, min+gz, that its entry loads before anything it `import()`s).
 * Adding an app is adding a folder: the build, the relay and the size test
 * find it here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SRC = new URL('../src/', import.meta.url).pathname;

/** @returns {{ name: string, entry: string, html: string, firstScreenBudget: number }[]} */
export function apps() {
  return readdirSync(SRC, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
    .filter((entry) => existsSync(join(SRC, entry.name, 'main.ts')) && existsSync(join(SRC, entry.name, 'index.html')))
    .map(({ name }) => {
      const meta = JSON.parse(readFileSync(join(SRC, name, 'app.json'), 'utf8'));
      return { name, entry: join(SRC, name, 'main.ts'), html: join(SRC, name, 'index.html'), firstScreenBudget: meta.firstScreenBudget };
    });
}
