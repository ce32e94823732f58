/**
 * Starts `relay-process.ts` (the real CLI) as a child process on `target`,
 * and resolves once it logs that it listens. The caller keeps `children` and
 * kills them after its test: a relay that failed to start is in it too.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const packageDir = new URL('../..', import.meta.url).pathname;

export interface RelayProcess {
  url: string;
  child: ChildProcess;
}

export function spawnRelayProcess(
  configPath: string,
  target: string,
  env: Record<string, string>,
  children: ChildProcess[],
): Promise<RelayProcess> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=tract-source',
      '--import',
      'tsx',
      'test/support/relay-process.ts',
      '--config',
      configPath,
      '--db',
      target,
      '--port',
      '0',
    ],
    { cwd: packageDir, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`relay exited early (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const event = JSON.parse(line) as { event: string; url?: string };
      if (event.event === 'listening' && event.url) {
        child.removeAllListeners('exit');
        resolve({ url: event.url, child });
      }
    });
  });
}
