/**
 * `npm start`: the demo. Builds the SDK and the widgets only when their dist
 * is missing or older than their sources, then runs the relay demo
 * (packages/relay/src/demo/) from its TypeScript sources: relay + embedded
 * database + the campaign page on one origin (PORT, default 8787).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

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

for (const workspace of ['packages/sdk', 'packages/widgets']) {
  const dist = join(root, workspace, 'dist');
  const built = newest(dist);
  if (built > 0 && built >= newest(join(root, workspace, 'src'))) continue;
  console.log(`Building ${workspace} (its dist is missing or older than its sources)...`);
  const result = spawnSync('npm', ['run', 'build', '--silent', '-w', workspace], { cwd: root, stdio: 'inherit' });
  // The relay runs from sources and needs neither dist: the demo still starts, without what failed.
  if (result.status !== 0) console.error(`npm start: building ${workspace} failed (see above); the page will lack what it builds.`);
}

// A larger young generation halves the relay's garbage-collection cost per request (see packages/relay/README.md).
const demo = spawn(
  process.execPath,
  ['--max-semi-space-size=32', '--conditions=tract-source', '--import', 'tsx', join(root, 'packages/relay/src/demo/main.ts')],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
// Ctrl-C reaches the demo too (same process group); a SIGTERM sent to this process alone is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => demo.kill('SIGTERM'));
demo.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
