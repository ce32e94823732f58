/**
 * The widgets served beside the API: the one script tag a site pastes, and the
 * module chunks it loads in CORS mode from any site. Needs the
 * widgets' build (`npm test` builds before testing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, startTestRelay, type TestRelay } from '../test-support/relay.js';
import { widgetsDirectory } from './widgets.js';

let relay: TestRelay;

beforeAll(async () => {
  relay = await startTestRelay();
});

afterAll(async () => {
  await relay.stop();
});

describe('/widgets/', () => {
  it('finds the widgets build through the @tract/widgets package', () => {
    expect(widgetsDirectory()).toMatch(/widgets[\\/]dist$/);
  });

  it('serves the classic script, which imports its SDK module from beside it, with a cache lifetime', async () => {
    const response = await fetch(`${relay.url}/widgets/tract-widgets.iife.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await response.text()).toContain('tract-widgets-sdk.js');
  });

  it('answers the SDK module in CORS mode to any site, whose submissions the API still refuses', async () => {
    for (const origin of [ORIGIN, 'https://not-in-origins.example']) {
      const response = await fetch(`${relay.url}/widgets/tract-widgets-sdk.js`, { headers: { origin } });
      expect(response.status, origin).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    }
    const fromNull = await fetch(`${relay.url}/widgets/tract-widgets-sdk.js`, { headers: { origin: 'null' } });
    expect(fromNull.status).toBe(403);
    const preflight = await fetch(`${relay.url}/v1/signups`, { method: 'OPTIONS', headers: { origin: 'https://not-in-origins.example' } });
    expect(preflight.status).toBe(403);
  });

  it('serves nothing outside the build', async () => {
    for (const path of ['/widgets/../package.json', '/widgets/%2e%2e/package.json', '/widgets/missing.js']) {
      const response = await fetch(`${relay.url}${path}`);
      expect(response.status, path).toBe(404);
    }
  });
});
