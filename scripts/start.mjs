/**
 * `npm start`: the demo. Builds the SDK and the widgets only when their dist
 * is missing or older than their sources, then runs the relay demo
 * (packages/relay/src/demo/) from its TypeScript sources: relay + embedded
 * database + the campaign page on one origin (PORT, default 8787).
 * package.json runs it with `exec`, so that npm's shell hands over to it and a
 * signal npm passes on lands here rather than in a shell that would sit on it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { requireSupportedNode } from './node-version.mjs';

requireSupportedNode('npm start');

const root = new URL('..', import.meta.url).pathname;
const french = /^fr/i.test(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '');

/** Newest modification time of any file under `dir` (0 when it does not exist). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** The builds the demo serves: the SDK (which the widgets bundle), the widgets and the console, with the file each must leave. */
const BUILDS = [
  { workspace: 'packages/sdk', output: 'dist/index.js' },
  { workspace: 'packages/widgets', output: 'dist/tract-widgets.iife.js' },
  { workspace: 'packages/console', output: 'dist/apps.json' },
];

for (const { workspace, output } of BUILDS) {
  const dist = join(root, workspace, 'dist');
  const built = newest(dist);
  if (built > 0 && built >= newest(join(root, workspace, 'src'))) continue;
  console.log(
    french
      ? `Construction de ${workspace} (son dist manque ou date d’avant ses sources)…`
      : `Building ${workspace} (its dist is missing or older than its sources)...`,
  );
  const result = spawnSync('npm', ['run', 'build', '--silent', '-w', workspace], { cwd: root, stdio: 'inherit' });
  if (result.status === 0 && existsSync(join(root, workspace, output))) continue;
  // A demo page without its widgets would look like a page whose forms do nothing: stop here instead.
  console.error(
    french
      ? `npm start: la construction de ${workspace} a échoué (voir ci-dessus) ; la démo ne peut pas servir ${workspace}/${output}. Corrigez l’erreur, vérifiez avec npm run build -w ${workspace}, puis relancez npm start.`
      : `npm start: building ${workspace} failed (see above), so the demo cannot serve ${workspace}/${output}. Fix the error, check with npm run build -w ${workspace}, then run npm start again.`,
  );
  process.exit(1);
}

// A larger young generation halves the relay's garbage-collection cost per request (see packages/relay/docs/performance.md).
const demo = spawn(
  process.execPath,
  ['--max-semi-space-size=32', '--conditions=tract-source', '--import', 'tsx', join(root, 'packages/relay/src/demo/main.ts')],
  { cwd: root, stdio: 'inherit' },
);
// Ctrl-C in a terminal reaches the demo too (same process group), but a signal sent to `npm start`
// alone (a container's stop, an editor's stop button) reaches only this process: pass it on. The
// demo stops once, however many times it hears it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => demo.kill(signal));
demo.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
