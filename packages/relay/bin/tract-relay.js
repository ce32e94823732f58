#!/usr/bin/env node
// Runs the built CLI (dist/). A published package ships it; in the repository, `npm run build` writes
// it, and a missing build (the relay's, or a package it imports) is told in one line, not a stack trace.
import { existsSync } from 'node:fs';

const french = /^fr/i.test(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '');

/** Says which workspace package to build, and exits. */
function notBuilt(workspace, missing) {
  const name = workspace.replace(/^packages\//, '@tract/');
  process.stderr.write(
    french
      ? `tract-relay: ${name} n’est pas construit (${missing} manque). Construisez-le à la racine du dépôt avec : npm run build -w ${workspace}\n`
      : `tract-relay: ${name} is not built (${missing} is missing). Build it at the repository root with: npm run build -w ${workspace}\n`,
  );
  process.exit(1);
}

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) notBuilt('packages/relay', 'packages/relay/dist/main.js');
try {
  await import(main.href);
} catch (error) {
  const missing = error?.code === 'ERR_MODULE_NOT_FOUND' && /(packages\/[\w-]+)\/dist\/[^'"]+/.exec(error.message);
  if (!missing) throw error;
  notBuilt(missing[1], missing[0]);
}
