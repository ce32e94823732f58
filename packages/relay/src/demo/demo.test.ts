import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { countRows, donationBody, linkTo, post, pressButton, signupBody, solvedChallenge } from '../test-support/relay.js';
import { type RunningDemo, startDemo } from './demo.js';

const root = new URL('../../../../', import.meta.url).pathname;
let dataDir: string;
let demo: RunningDemo;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tract-demo-'));
  demo = await startDemo({ root, port: 0, dataDir, log: () => {} });
});
afterAll(async () => {
  await demo.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start demo', () => {
  it('prints a volunteer link that opens the demo call list: a slice of fictional people, numbers in the fiction range', async () => {
    const url = new URL(demo.volunteerUrl ?? assert.fail('the demo prints no volunteer link'));
    expect(url.pathname).toBe('/field/');
    const invitation = /invitation=([\w-]+)/.exec(url.hash)?.[1];
    const accepted = await fetch(new URL('/v1/field/invitations/accept', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ invitation }),
    });
    expect(accepted.status).toBe(201);
    const headers = { authorization: `Bearer ${((await accepted.json()) as { token: string }).token}` };
    const slice = await fetch(new URL('/v1/field/slices', url), { method: 'POST', headers });
    expect(slice.status).toBe(201);
    const { people } = (await slice.json()) as { people: { ref: string; givenName: string }[] };
    expect(people).toHaveLength(10);
    const reveal = await fetch(new URL('/v1/field/reveals', url), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ ref: people[0]!.ref }),
    });
    expect(((await reveal.json()) as { phone: string }).phone).toMatch(/^\+3319900\d{4}$/);
  });

  it('writes a valid demo config with the page origins on its port, a petition, an event and fr-candidate donations', () => {
    const config = JSON.parse(readFileSync(demo.configPath, 'utf8'));
    expect(config.origins).toEqual([`http://localhost:${demo.port}`, `http://127.0.0.1:${demo.port}`]);
    expect(config.donations.checkoutUrlTemplate).toMatch(new RegExp(`^http://localhost:${demo.port}/demo-checkout\\?`));
    expect(config.backend).toEqual({ type: 'local' });
    expect(config.events[0].capacity).toBeGreaterThan(0);
    expect(config.donations.profile).toBe('fr-candidate');
  });

  it('serves the campaign page at / on the relay origin', async () => {
    const page = await fetch(demo.pageUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('accepts a signup from the page origin into the database, on whatever port it got', async () => {
    const before = await countRows(demo, 'actions');
    const response = await post(demo, '/v1/signups', signupBody('demo@example.fr'), {
      bot: { challenge: await solvedChallenge(demo) },
      headers: { origin: `http://localhost:${demo.port}` },
    });
    expect(response.status).toBe(202);
    expect(await countRows(demo, 'actions')).toBe(before + 1);
  });

  it('shows the confirmation message in its mailbox, whose link confirms the signup in a browser', async () => {
    const response = await post(demo, '/v1/signups', signupBody('mailbox@example.fr'), {
      bot: { challenge: await solvedChallenge(demo) },
      headers: { origin: `http://localhost:${demo.port}` },
    });
    expect(response.body.confirmation).toBe('email');
    const mail = await demo.mailbox.waitFor((m) => m.to.includes('mailbox@example.fr'));
    expect(mail.subject).toContain('Lyon en commun (démo)');
    const page = await fetch(demo.mailboxUrl);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    const link = linkTo(mail, '/v1/confirm');
    expect(new URL(link).origin).toBe(`http://localhost:${demo.port}`);
    expect(html).toContain(`<a href="${link.replaceAll('&', '&#38;')}">`);
    expect((await pressButton(link)).status).toBe(200);
    const action = await demo.db.selectFrom('actions').select('confirmation').where('id', '=', response.key!).executeTakeFirstOrThrow();
    expect(action.confirmation).toBe('confirmed');
  });

  it('prints working admin and organizer tokens', async () => {
    const session = await fetch(`${demo.url}/v1/session`, { headers: { authorization: `Bearer ${demo.organizerToken}` } });
    expect((await session.json()).role).toBe('organizer');
    const actions = await fetch(`${demo.url}/v1/admin/actions`, { headers: { authorization: `Bearer ${demo.adminToken}` } });
    expect(actions.status).toBe(200);
  });

  it('hands donations off to the demo checkout page', async () => {
    const page = await fetch(`${demo.url}/demo-checkout?amount=2500&currency=EUR&reference=<x>`);
    const html = await page.text();
    expect(html).toContain('25.00 EUR');
    expect(html).not.toContain('<x>');
  });
});

describe('npm start demo, started again on another port', () => {
  let restartDir: string;
  let portHolder: Server | undefined;

  beforeAll(() => {
    restartDir = mkdtempSync(join(tmpdir(), 'tract-demo-restart-'));
  });
  afterAll(async () => {
    await new Promise((resolve) => (portHolder ? portHolder.close(resolve) : resolve(undefined)));
    rmSync(restartDir, { recursive: true, force: true });
  });

  it('allows its page and hands donations off on the second port, keeping what the webmaster changed', async () => {
    const first = await startDemo({ root, port: 0, dataDir: restartDir, log: () => {} });
    await first.close();
    const edited = JSON.parse(readFileSync(first.configPath, 'utf8'));
    edited.origins.push('https://www.example.fr');
    edited.petitions[0].goal = 5000;
    writeFileSync(first.configPath, JSON.stringify(edited));
    // The first port stays taken, so the second start cannot land on it again.
    portHolder = createServer();
    await new Promise<void>((resolve) => portHolder!.listen(first.port, '127.0.0.1', resolve));

    const second = await startDemo({ root, port: 0, dataDir: restartDir, log: () => {} });
    try {
      expect(second.port).not.toBe(first.port);
      const pageOrigin = `http://localhost:${second.port}`;
      const response = await post(second, '/v1/donations', donationBody(2500, 'restart@example.fr'), {
        bot: { challenge: await solvedChallenge(second) },
        headers: { origin: pageOrigin },
      });
      expect(response.status).toBe(202);
      expect(response.body.checkoutUrl).toMatch(new RegExp(`^${pageOrigin}/demo-checkout\\?amount=2500&`));
      expect((await fetch(response.body.checkoutUrl)).status).toBe(200);

      const written = JSON.parse(readFileSync(second.configPath, 'utf8'));
      expect(written.donations.checkoutUrlTemplate).toMatch(new RegExp(`^${pageOrigin}/demo-checkout\\?`));
      expect(written.origins).toEqual(expect.arrayContaining(['https://www.example.fr', pageOrigin, `http://127.0.0.1:${second.port}`]));
      expect(written.petitions[0].goal).toBe(5000);
    } finally {
      await second.close();
    }
  });
});
