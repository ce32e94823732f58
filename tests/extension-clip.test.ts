/**
 * The extension end to end, in real Chromium with the built Chrome extension
 * loaded unpacked, a real relay (SQLite in a temp dir) and a Mastodon page
 * served on 127.0.0.1.
 *
 * Why Mastodon: every other network is recognised from its host name, which a
 * page served on localhost cannot have; Mastodon runs on any host and is
 * recognised from what its server renders (`profile:username` = user@server,
 * the ActivityPub link), so a page built from that recipe and served locally
 * is read exactly as on a real instance. Its profile path (`/@camille`)
 * matches its `og:url`, as on a real server.
 *
 * How the panel is driven: the toolbar action is triggered through the
 * DevTools protocol (`Extensions.triggerAction`), which is what grants
 * `activeTab` on the page and opens the real side panel. Playwright cannot
 * drive a side panel, so the same panel page is also opened in a tab with the
 * social tab's id (`sidepanel.html?tab=<id>`), and the test works there.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToken, parseConfig, type RunningRelay, startRelay } from '@tract/relay';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const EXTENSION_DIR = new URL('../packages/extension/.output/chrome-mv3', import.meta.url).pathname;

const PEOPLE = {
  camille: { name: 'Camille Martin', bio: 'Conseillère de quartier.' },
  dominique: { name: 'Dominique Leroy', bio: 'Vélo et jardins partagés.' },
};

/** The `<head>` a Mastodon server renders for a profile (see shared/fixtures/social/mastodon/README.md). */
function mastodonHead(user: keyof typeof PEOPLE): string {
  const { name, bio } = PEOPLE[user];
  return `<title>${name} (@${user}@toot.example) - Toot Example</title>
<meta property="og:site_name" content="Toot Example">
<meta property="og:type" content="profile">
<meta property="og:title" content="${name} (@${user}@toot.example)">
<meta property="og:url" content="https://toot.example/@${user}">
<meta property="og:description" content="${bio}">
<meta property="og:image" content="https://files.toot.example/avatars/${user}.png">
<meta property="profile:username" content="${user}@toot.example">
<link rel="alternate" type="application/activity+json" href="https://toot.example/users/${user}">`;
}

/** Camille's profile, with a link that moves to Dominique's the way the web app does: pushState and a new head. */
function mastodonPage(): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8">${mastodonHead('camille')}</head>
<body><main><h1 id="name">${PEOPLE.camille.name}</h1><a id="next" href="/@dominique">${PEOPLE.dominique.name}</a></main>
<script>
document.getElementById('next').addEventListener('click', (event) => {
  event.preventDefault();
  history.pushState({}, '', '/@dominique');
  document.head.innerHTML = '<meta charset="utf-8">' + ${JSON.stringify(mastodonHead('dominique'))};
  document.getElementById('name').textContent = ${JSON.stringify(PEOPLE.dominique.name)};
});
</script></body></html>`;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What the extension keeps: storage areas, IndexedDB databases and queued records, read from an extension page. */
function readExtensionStorage(page: Page) {
  return page.evaluate(async () => {
    const ext = (globalThis as unknown as { chrome: { storage: Record<'local' | 'session', { get(keys: null): Promise<object> }> } })
      .chrome;
    const databases = (await indexedDB.databases()).map((d) => d.name);
    let queued = 0;
    if (databases.includes('tract-queue')) {
      queued = await new Promise<number>((resolve, reject) => {
        const request = indexedDB.open('tract-queue');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const count = request.result.transaction('contacts').objectStore('contacts').count();
          count.onsuccess = () => {
            request.result.close();
            resolve(count.result);
          };
        };
      });
    }
    return { local: await ext.storage.local.get(null), session: await ext.storage.session.get(null), databases, queued };
  });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.2 AA violations on the page, target size included (it is off by default). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      rules: { 'target-size': { enabled: true } },
    });
    return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  });
}

describe('the extension clips a person and logs the interaction to a real relay', () => {
  let dir: string;
  let site: Server;
  let siteUrl: string;
  let context: BrowserContext;
  let worker: Worker;
  let extensionId: string;
  let relay: RunningRelay;
  let organizerToken: string;
  let social: Page;
  let tabId: number | undefined;

  /** The organizer clicks the Tract button on the tab showing `url` (DevTools' triggerAction needs the browser-level tab target). */
  async function clickTractButton(url: string): Promise<void> {
    const browser = context.browser();
    if (!browser) throw new Error('A persistent context exposes its browser in Chromium.');
    const session = await browser.newBrowserCDPSession();
    const { targetInfos } = await session.send('Target.getTargets', { filter: [{ type: 'tab' }] });
    const tab = targetInfos.find((target) => target.url === url);
    if (!tab) throw new Error(`No tab shows ${url}.`);
    await session.send('Extensions.triggerAction', { id: extensionId, targetId: tab.targetId });
    await session.detach();
  }

  /** Enters the relay, token and default tags on the settings page, saves, and waits for the relay's verdict. */
  async function connectToRelay(token: string, defaultTags = ''): Promise<Page> {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.fill('#relayUrl', relay.url);
    await options.fill('#organizerToken', token);
    await options.fill('#defaultTags', defaultTags);
    await options.click('#save-settings');
    await expect.poll(() => options.textContent('#settings-status')).toMatch(/Saved|does not know/);
    return options;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tract-extension-e2e-'));
    site = createServer((request, response) => {
      if (!request.url?.startsWith('/@')) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(mastodonPage());
    });
    siteUrl = await listen(site);

    const { CHROMIUM_ARGS, CHROMIUM_PATH } = (await import(new URL('../scripts/chromium.mjs', import.meta.url).href)) as {
      CHROMIUM_ARGS: string[];
      CHROMIUM_PATH: string;
    };
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM_PATH,
      // triggerAction (the toolbar click) is only available to a debugging client with this flag.
      args: [
        ...CHROMIUM_ARGS,
        '--enable-unsafe-extension-debugging',
        `--disable-extensions-except=${EXTENSION_DIR}`,
        `--load-extension=${EXTENSION_DIR}`,
      ],
    });
    worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    extensionId = new URL(worker.url()).host;

    // The campaign's site is the only listed origin: the extension reaches the token routes without being listed.
    const config = parseConfig({ origins: ['https://lyon-en-commun.example.fr'], signups: { doubleOptIn: false } });
    relay = await startRelay({ config, dbPath: join(dir, 'relay.db'), port: 0, hostname: '127.0.0.1', log: () => {} });
    organizerToken = (await createToken(relay.db, 'organizer', 'Lyon team')).token;

    // The organizer opens Camille's profile and clicks the Tract button (or presses Alt+Shift+K).
    social = await context.newPage();
    await social.goto(`${siteUrl}/@camille`);
    await clickTractButton(`${siteUrl}/@camille`);
    tabId = await worker.evaluate(async (url) => {
      const tabs = await (
        globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id: number; url?: string }[]> } } }
      ).chrome.tabs.query({});
      return tabs.find((t) => t.url === url)?.id;
    }, `${siteUrl}/@camille`);
    expect(tabId, 'the click granted activeTab, so the page address is visible to the extension').toBeTypeOf('number');
  });

  afterAll(async () => {
    await context?.close();
    await relay?.close();
    await new Promise((resolve) => site?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects, clips, follows navigation, saves, syncs, and leaves nothing behind', async () => {
    // Setup: the options page checks the token with the relay, and saves only one it accepts.
    const options = await connectToRelay('not-a-token', 'lyon, social');
    expect(await options.textContent('#settings-status')).toContain('does not know this token');
    await options.fill('#organizerToken', organizerToken);
    await options.click('#test-connection');
    await expect.poll(() => options.textContent('#settings-status')).toContain('Connected: the relay accepts this token (team: Lyon team)');
    await options.click('#save-settings');
    await expect.poll(() => options.textContent('#settings-status')).toContain('Saved');
    await options.close();

    const panel = await context.newPage();
    await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?tab=${tabId}`);
    await expect.poll(() => panel.inputValue('#handle')).toBe('camille@toot.example');
    expect(await panel.inputValue('#displayName')).toBe('Camille Martin');
    expect(await panel.inputValue('#tags')).toBe('lyon, social');
    expect(await panel.isChecked('#keepAvatar')).toBe(false);

    // Single-page navigation to another profile: the panel follows.
    await social.click('#next');
    await expect.poll(() => panel.inputValue('#handle')).toBe('dominique@toot.example');
    expect(await panel.inputValue('#profileUrl')).toBe('https://toot.example/@dominique');

    // Log the interaction, editing what was extracted.
    await panel.fill('#displayName', 'Dominique Leroy (Croix-Rousse)');
    await panel.selectOption('#interaction', 'commented');
    await panel.fill('#note', 'Asked about the bike lanes on the quays.');
    await panel.fill('#tags', 'lyon, vélo');
    await panel.check('#supportLevel-4');
    await panel.check('#lawfulBasis-legitimate_interest');
    await panel.click('#save');

    // Saved without consent: the reminder offers the notice in both languages, naming the source.
    await expect.poll(() => panel.isVisible('#reminder')).toBe(true);
    const noticeFr = await panel.inputValue('#notice-fr');
    const noticeEn = await panel.inputValue('#notice-en');
    for (const notice of [noticeFr, noticeEn]) {
      expect(notice).toContain('Dominique Leroy (Croix-Rousse)');
      expect(notice).toContain('Mastodon');
      expect(notice).toContain(`${siteUrl}/@dominique`);
      expect(notice).toContain('Lyon team');
    }
    expect(noticeFr).toContain('CNIL');

    // Synced: the relay's answer gives the retention date, and nothing waits any more.
    await expect.poll(() => panel.textContent('#reminder-retention')).toContain('relay deletes this contact on');
    await expect.poll(() => panel.getAttribute('body', 'data-pending')).toBe('0');

    const rows = await relay.db.selectFrom('actions').selectAll().where('kind', '=', 'contact').execute();
    expect(rows).toHaveLength(1);
    const stored = JSON.parse(String(rows[0]?.data)) as Record<string, unknown>;
    expect(stored).toMatchObject({
      network: 'mastodon',
      handle: 'dominique@toot.example',
      displayName: 'Dominique Leroy (Croix-Rousse)',
      profileUrl: 'https://toot.example/@dominique',
      interaction: 'commented',
      note: 'Asked about the bike lanes on the quays.',
      tags: ['lyon', 'vélo'],
      supportLevel: 4,
      lawfulBasis: 'legitimate_interest',
      informed: false,
      sourcePageUrl: `${siteUrl}/@dominique`,
      revealsPoliticalOpinion: true,
    });
    expect(stored.avatarUrl, 'no avatar unless the organizer ticks it').toBeUndefined();
    expect(Date.parse(String(stored.capturedAt))).toBeGreaterThan(Date.now() - 5 * 60_000);

    // Nothing about the person remains in the extension once the relay has it.
    const afterSync = await readExtensionStorage(panel);
    expect(afterSync.queued).toBe(0);
    expect(JSON.stringify([afterSync.local, afterSync.session])).not.toMatch(/dominique|Dominique|camille|Camille/);

    // And "forget all local data" leaves nothing at all.
    panel.once('dialog', (dialog) => void dialog.accept());
    await panel.click('#forget-all');
    await expect.poll(() => panel.getAttribute('body', 'data-forgotten')).toBe('true');
    const afterForget = await readExtensionStorage(panel);
    expect(afterForget).toEqual({ local: {}, session: {}, databases: [], queued: 0 });
  });

  it('queues while no relay is set, lets the organizer discard, sends once connected, and passes axe', async () => {
    // A new tab the organizer has not clicked Tract on: the panel cannot read it, and says what to do.
    const other = await context.newPage();
    await other.goto(`${siteUrl}/@camille?from=search`);
    const otherTabId = await worker.evaluate(async () => {
      const { tabs } = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id: number }[]> } } }).chrome;
      return Math.max(...(await tabs.query({})).map((tab) => tab.id));
    });
    const panel = await context.newPage();
    await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?tab=${otherTabId}`);
    await expect.poll(() => panel.textContent('#clip-status')).toContain('Tract cannot read this tab');
    expect(await panel.isVisible('#contact-form')).toBe(false);

    // The organizer goes back to that tab and presses the button there: the open panel reads it.
    await other.bringToFront();
    await clickTractButton(`${siteUrl}/@camille?from=search`);
    await expect.poll(() => panel.inputValue('#handle')).toBe('camille@toot.example');
    expect(await panel.isVisible('#setup-needed')).toBe(true);
    expect(await axeViolations(panel)).toEqual([]);

    // Saved without a relay: it waits, encrypted, and the organizer may discard it.
    await panel.click('#save');
    await expect.poll(() => panel.getAttribute('body', 'data-pending')).toBe('1');
    expect(await panel.textContent('#sync-status')).toContain('connect Tract to your relay');
    expect(await axeViolations(panel)).toEqual([]);
    await panel.getByRole('button', { name: /^Discard / }).click();
    await expect.poll(() => panel.getAttribute('body', 'data-pending')).toBe('0');

    // An edit the schema refuses: the message sits under the field, which is marked and focused; nothing is queued.
    await panel.click('#reclip');
    await expect.poll(() => panel.isVisible('#contact-form')).toBe(true);
    await panel.fill('#handle', 'not a handle!');
    await panel.click('#save');
    await expect.poll(() => panel.textContent('#handle-error')).not.toBe('');
    expect(await panel.getAttribute('#handle', 'aria-invalid')).toBe('true');
    expect(await panel.evaluate(() => document.activeElement?.id)).toBe('handle');
    expect(await panel.getAttribute('body', 'data-pending')).toBe('0');

    // A message with consent: no reminder, no political-opinion flag; it waits until the relay is set up.
    await panel.fill('#handle', 'camille@toot.example');
    await panel.selectOption('#interaction', 'messaged');
    await panel.check('#lawfulBasis-consent');
    await panel.check('#informed');
    await panel.click('#save');
    await expect.poll(() => panel.getAttribute('body', 'data-pending')).toBe('1');
    expect(await panel.isVisible('#reminder')).toBe(false);

    const options = await connectToRelay(organizerToken);
    expect(await options.textContent('#settings-status')).toContain('Saved');
    expect(await axeViolations(options)).toEqual([]);
    await expect.poll(() => panel.getAttribute('body', 'data-pending')).toBe('0');
    const rows = await relay.db.selectFrom('actions').selectAll().where('kind', '=', 'contact').execute();
    const messaged = rows.map((row) => JSON.parse(String(row.data)) as Record<string, unknown>).filter((c) => c.interaction === 'messaged');
    expect(messaged).toHaveLength(1);
    expect(messaged[0]).toMatchObject({ lawfulBasis: 'consent', informed: true, revealsPoliticalOpinion: false });
  });

  it('with a passphrase, locks the queue after a restart until the organizer unlocks it', async () => {
    const options = await connectToRelay(organizerToken);
    await options.fill('#passphrase', 'a long organizer passphrase');
    await options.click('#passphrase-form button[type="submit"]');
    await expect.poll(() => options.textContent('#passphrase-status')).toContain('protected by your passphrase');

    // A browser restart empties storage.session, where the key was.
    await options.evaluate(() =>
      (globalThis as unknown as { chrome: { storage: { session: { clear(): Promise<void> } } } }).chrome.storage.session.clear(),
    );
    const panel = await context.newPage();
    await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?tab=${tabId}`);
    await expect.poll(() => panel.isVisible('#unlock-form')).toBe(true);
    await panel.fill('#unlock-passphrase', 'not the passphrase');
    await panel.press('#unlock-passphrase', 'Enter');
    await expect.poll(() => panel.textContent('#unlock-error')).toContain('does not unlock');

    await panel.fill('#unlock-passphrase', 'a long organizer passphrase');
    await panel.press('#unlock-passphrase', 'Enter');
    await expect.poll(() => panel.isVisible('#unlock-form')).toBe(false);
    await expect.poll(() => panel.isVisible('#contact-form')).toBe(true);
    await panel.selectOption('#interaction', 'followed');
    await panel.click('#save');
    await expect.poll(() => panel.textContent('#sync-status')).toContain('Sent to the relay: 1');
    const rows = await relay.db.selectFrom('actions').selectAll().where('kind', '=', 'contact').execute();
    expect(rows.filter((row) => (JSON.parse(String(row.data)) as { interaction: string }).interaction === 'followed')).toHaveLength(1);
  });
});
