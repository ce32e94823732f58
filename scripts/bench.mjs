/**
 * `npm run bench`: every package's benchmark, one after the other (they share
 * two cores, so running them together would measure each other). Figures are
 * printed, never asserted: timing belongs here, not in tests.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages/sdk', 'packages/relay', 'packages/widgets', 'packages/console', 'packages/extension'];

const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let failed = 0;
for (const dir of workspaces) {
  const manifest = JSON.parse(readFileSync(`${root}${dir}/package.json`, 'utf8'));
  if (!manifest.scripts?.bench) continue;
  console.log(`\n=== ${manifest.name} ===`);
  const result = spawnSync('npm', ['run', 'bench', '--silent', '-w', dir], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
