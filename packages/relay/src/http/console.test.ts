/**
 * The console served by the relay at `/console/`: its page and scripts under
 * the strict page policy with no referrer, nothing else of its build, and
 * who a token is (`/v1/admin/session`) for its sign-in. Needs the console's
 * build (`npm test` builds before testing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../test-support/relay.js';
import { PAGE_POLICY } from './security-headers.js';

let relay: TestRelay;

beforeAll(async () => {
  relay = await startTestRelay();
});
afterAll(async () => {
  await relay.stop();
});

describe('the console', () => {
  it('serves its page with a strict policy, no referrer and no caching', async () => {
    const response = await fetch(`${relay.url}/console/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toBe(PAGE_POLICY);
    expect(policy).toContain("require-trusted-types-for 'script'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-(inline|eval)/);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const page = await response.text();
    expect(page).toContain('<script type="module" src="console.js"></script>');
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('serves its script under the same headers', async () => {
    const response = await fetch(`${relay.url}/console/console.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('javascript');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends /console to /console/ and serves nothing else of its build', async () => {
    const redirect = await fetch(`${relay.url}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/console/');
    for (const path of ['/console/apps.json', '/console/console.html', '/console/../package.json', '/console/missing.js']) {
      expect((await fetch(`${relay.url}${path}`)).status, path).toBe(404);
    }
  });

  it('tells a token who it is, and refuses a token that opens nothing', async () => {
    const admin = await fetch(`${relay.url}/v1/admin/session`, { headers: { authorization: `Bearer ${relay.adminToken}` } });
    expect(admin.status).toBe(200);
    expect(await admin.json()).toMatchObject({ role: 'admin', name: 'Test admin' });
    const organizer = await fetch(`${relay.url}/v1/admin/session`, { headers: { authorization: `Bearer ${relay.organizerToken}` } });
    expect(await organizer.json()).toMatchObject({ role: 'organizer', name: 'Lyon team' });
    const unknown = await fetch(`${relay.url}/v1/admin/session`, { headers: { authorization: 'Bearer tract_not-a-token' } });
    expect(unknown.status).toBe(401);
  });
});
