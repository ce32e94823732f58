/**
 * The access log names the route pattern a request matched, on the demo,
 * which mounts pages and the widgets beside the API: never a bare catch-all,
 * never the concrete path (which may carry anything a client typed).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../demo/demo.js';
import { signupBody } from '../test-support/relay.js';

const root = new URL('../../../../', import.meta.url).pathname;
let dataDir: string;
let demo: RunningDemo;
const logs: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tract-access-log-'));
  demo = await startDemo({ root, port: 0, dataDir, log: (line) => logs.push(line) });
});
afterAll(async () => {
  await demo.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Sends one request and returns the log lines of `event` it wrote. */
async function logged(path: string, init: RequestInit = {}, event = 'request') {
  const from = logs.length;
  await (await fetch(`${demo.url}${path}`, init)).arrayBuffer();
  return logs
    .slice(from)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.event === event);
}

describe('access log', () => {
  it.each([
    ['GET', '/', '/', 200],
    ['GET', '/site.css', '/:page', 200],
    ['GET', '/widgets/tract-widgets.iife.js', '/widgets/*', 200],
    ['GET', '/widgets/missing.js', '/widgets/*', 404],
    ['GET', '/v1/petitions/sauvons-la-riviere', '/v1/petitions/:id', 200],
    ['GET', '/v1/events/no-such-event', '/v1/events/:id', 404],
    ['GET', '/v1/challenge?form=signup', '/v1/challenge', 200],
    ['GET', '/v1/admin/actions', '/v1/admin/actions', 401],
    ['GET', '/demo-checkout?amount=1', '/demo-checkout', 200],
    ['GET', '/v1/nope/camille@example.fr', null, 404],
    ['GET', '/v1/signups', null, 405],
  ])('%s %s is logged as %s', async (method, path, route, status) => {
    const [line] = await logged(path, { method });
    expect(line).toMatchObject({ method, route, status });
  });

  it('names the pattern of a post, refused or accepted, and never the path, the query or the body', async () => {
    const [line] = await logged('/v1/petitions/sauvons-la-riviere/signatures', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(signupBody('logged@example.fr')),
    });
    expect(line).toMatchObject({ method: 'POST', route: '/v1/petitions/:id/signatures', status: 403 });
    const all = logs.join('\n');
    expect(all).not.toContain('sauvons-la-riviere');
    expect(all).not.toContain('camille@example.fr');
    expect(all).not.toContain('logged@example.fr');
    expect(all).not.toContain('amount=1');
    expect(all).not.toContain('"route":"/*"');
    expect(all).not.toContain('"route":"*"');
  });

  it('names the route an admin reads in its admin_access line', async () => {
    const [line] = await logged(
      `/v1/admin/actions/${randomUUID()}`,
      { headers: { authorization: `Bearer ${demo.adminToken}` } },
      'admin_access',
    );
    expect(line).toMatchObject({ route: '/v1/admin/actions/:id' });
  });
});
