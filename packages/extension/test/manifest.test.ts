/**
 * Reads the BUILT manifests (run `npm run build -w packages/extension` first;
 * `npm test` builds before testing) and fails on any permission outside the
 * documented list, any always-on host access, any always-on content script,
 * and any code that could load or evaluate remote code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RELAY_HOST_PATTERNS } from '../wxt.config.js';

const OUTPUT = new URL('../.output/', import.meta.url).pathname;
/** The whole list, documented permission by permission in the package README. */
const ALLOWED_PERMISSIONS = ['storage', 'sidePanel', 'activeTab', 'scripting'];
const BROAD_HOST_PATTERNS = ['<all_urls>', '*://*/*', 'http://*/*', '*://*/'];

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: unknown[];
  content_security_policy?: unknown;
  web_accessible_resources?: unknown[];
  externally_connectable?: unknown;
}

function readBuild(dir: string): Manifest {
  const file = join(OUTPUT, dir, 'manifest.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build -w packages/extension" before these tests.`);
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

function filesOf(dir: string, extension: string): string[] {
  return readdirSync(join(OUTPUT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(extension))
    .map((file) => join(OUTPUT, dir, file));
}

describe.each(['chrome-mv3', 'firefox-mv3'])('the %s build', (build) => {
  const manifest = readBuild(build);

  it('asks only for the documented permissions', () => {
    expect(manifest.manifest_version).toBe(3);
    for (const permission of manifest.permissions ?? []) expect(ALLOWED_PERMISSIONS).toContain(permission);
    expect(manifest.permissions).toEqual(expect.arrayContaining(['storage', 'activeTab', 'scripting']));
    expect(manifest.optional_permissions ?? []).toEqual([]);
  });

  it('holds no host access up front, and may only ask for a relay origin', () => {
    expect(manifest.host_permissions ?? []).toEqual([]);
    for (const pattern of manifest.optional_host_permissions ?? []) {
      expect(RELAY_HOST_PATTERNS).toContain(pattern);
      expect(BROAD_HOST_PATTERNS).not.toContain(pattern);
    }
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
  });

  it('reads no page on its own: no content script is declared', () => {
    expect(manifest.content_scripts ?? []).toEqual([]);
  });

  it('loads no remote code and evaluates none', () => {
    expect(JSON.stringify(manifest.content_security_policy ?? {})).not.toMatch(/unsafe-eval|https?:/);
    for (const file of filesOf(build, '.html')) {
      for (const [, src] of readFileSync(file, 'utf8').matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) expect(src).not.toMatch(/^(https?:)?\/\//);
    }
    for (const file of filesOf(build, '.js')) {
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toMatch(/\beval\(|new Function\(|importScripts\(/);
    }
  });
});

it('the build also produced the store zips for both browsers', () => {
  const zips = readdirSync(OUTPUT).filter((file) => file.endsWith('.zip'));
  expect(zips).toEqual(expect.arrayContaining([expect.stringMatching(/-chrome\.zip$/), expect.stringMatching(/-firefox\.zip$/)]));
});
