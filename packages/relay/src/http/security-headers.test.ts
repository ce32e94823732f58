/**
 * Every answer the relay gives, page or file or error, carries nosniff and a
 * policy suited to it. Checked on the demo (`npm start`'s own code), which
 * serves the campaign page and its assets, the widgets and the API from one
 * origin; needs the widgets' build (`npm test` builds before testing).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../demo/demo.js';
import { startTestRelay } from '../test-support/relay.js';
import { PAGE_POLICY, RESOURCE_POLICY, securityHeaders } from './security-headers.js';

const root = new URL('../../../../', import.meta.url).pathname;
let dataDir: string;
let demo: RunningDemo;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tract-headers-'));
  demo = await startDemo({ root, port: 0, dataDir, log: () => {} });
});
afterAll(async () => {
  await demo.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function request(path: string, init: RequestInit = {}) {
  return fetch(`${demo.url}${path}`, init);
}

describe('security headers', () => {
  it.each([
    ['the campaign page', '/', 200, 'text/html'],
    ['the privacy page', '/confidentialite.html', 200, 'text/html'],
    ['the demo checkout', '/demo-checkout?amount=2500&currency=EUR&reference=x', 200, 'text/html'],
  ])('gives %s the page policy', async (_label, path, status, type) => {
    const response = await request(path);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain(type);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe(PAGE_POLICY);
  });

  it.each([
    ['the page stylesheet', '/site.css', {}, 200],
    ['the page script', '/site.js', {}, 200],
    ['the widgets script', '/widgets/tract-widgets.iife.js', {}, 200],
    ['the proof-of-work worker', '/widgets/tract-challenge-worker.js', {}, 200],
    ['a missing widget file', '/widgets/missing.js', {}, 404],
    ['a missing page', '/nothing-here.html', {}, 404],
    ['public facts', '/v1/petitions/sauvons-la-riviere', {}, 200],
    ['a challenge', '/v1/challenge', {}, 200],
    ['an unknown API route', '/v1/nope', {}, 404],
    ['a wrong method', '/v1/signups', {}, 405],
    ['an admin call without a token', '/v1/admin/actions', {}, 401],
    [
      'a refused post',
      '/v1/signups',
      { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: '{' },
      400,
    ],
    ['a wrong media type', '/v1/signups', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }, 415],
    // The demo allows its page's own origin, on whatever port this run got.
    ['a preflight', '/v1/signups', () => ({ method: 'OPTIONS', headers: { origin: `http://localhost:${demo.port}` } }), 204],
  ])('gives %s nosniff and a policy that loads nothing', async (_label, path, init, status) => {
    const response = await request(path, typeof init === 'function' ? init() : (init as RequestInit));
    expect(response.status).toBe(status);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe(RESOURCE_POLICY);
  });

  // The console's own mount is checked in console.test.ts; this one is a part added on a path of its own.
  it('lets a part that serves its own pages set its own page policy on its path', async () => {
    const policy = "default-src 'none'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
    const relay = await startTestRelay();
    try {
      relay.app.use('/reports/*', securityHeaders(policy));
      relay.app.get('/reports/', (c) => c.html('<!doctype html><title>Reports</title>'));
      const page = await fetch(`${relay.url}/reports/`);
      expect(page.headers.get('content-security-policy')).toBe(policy);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await fetch(`${relay.url}/v1/challenge`)).headers.get('content-security-policy')).toBe(RESOURCE_POLICY);
    } finally {
      await relay.stop();
    }
  });
});
