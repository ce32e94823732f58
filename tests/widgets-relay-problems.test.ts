/**
 * A campaign page the relay does not serve, as a webmaster first builds it:
 * served from its own origin, with the four widgets. When that origin is
 * missing from the relay's `origins`, and when the relay is down, every
 * widget says so in its own language, and the page's console holds one line
 * for the webmaster naming the cause and the fix. Real relay, real Chromium,
 * two real origins.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { parseConfig, type RunningRelay, startRelay } from '@tract/relay';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const WIDGETS_DIST = new URL('../packages/widgets/dist/', import.meta.url).pathname;
const TAGS = ['tract-signup', 'tract-petition', 'tract-rsvp', 'tract-donate'] as const;

/** What each widget says, as a person reads it. */
const SAYS = {
  refused: {
    fr: 'Ce formulaire ne peut pas encore servir sur ce site : le serveur de la campagne le refuse.',
    en: 'This form cannot be used on this website yet: the campaign’s server refuses it.',
  },
  down: {
    fr: 'Le serveur de la campagne est injoignable.',
    en: 'The campaign’s server cannot be reached.',
  },
};

let relay: RunningRelay;
let site: Server;
let siteOrigin: string;
let deadRelay: TcpServer;
let deadRelayUrl: string;
let browser: Browser;
let dataDir: string;

/** The campaign page, loading the widgets from `widgetsFrom` and posting to `endpoint`. */
function campaignPage(lang: 'fr' | 'en', widgetsFrom: string, endpoint: string): string {
  const common = `endpoint="${endpoint}" controller="Lyon en commun" privacy-url="/confidentialite"`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Lyon en commun</title><script src="${widgetsFrom}/tract-widgets.iife.js" defer></script></head><body>
<tract-signup ${common}></tract-signup>
<tract-petition petition="sauvons-la-riviere" ${common}></tract-petition>
<tract-rsvp event="reunion-publique" ${common}></tract-rsvp>
<tract-donate ${common}></tract-donate>
</body></html>`;
}

/** The campaign's own site: `/refused/<lang>` takes the widgets from the relay, `/down/<lang>` from its own copy. */
function startSite(): Promise<Server> {
  const server = createHttpServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://site');
    const page = /^\/(refused|down)\/(fr|en)$/.exec(url.pathname);
    if (page) {
      const [, kind, lang] = page as unknown as [string, 'refused' | 'down', 'fr' | 'en'];
      const html =
        kind === 'refused' ? campaignPage(lang, `${relay.url}/widgets`, relay.url) : campaignPage(lang, '/widgets', deadRelayUrl);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    const file = url.pathname.startsWith('/widgets/') ? normalize(join(WIDGETS_DIST, url.pathname.slice('/widgets/'.length))) : '';
    if (!file.startsWith(WIDGETS_DIST)) {
      response.writeHead(404).end();
      return;
    }
    try {
      const type = extname(file) === '.js' ? 'text/javascript' : 'application/json';
      response.writeHead(200, { 'content-type': type }).end(readFileSync(file));
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tract-relay-problems-'));
  // The relay knows the campaign's real site only: the page below is served from another origin.
  relay = await startRelay({
    config: parseConfig({
      origins: ['https://www.lyon-en-commun.example'],
      signups: { doubleOptIn: false },
      petitions: [{ id: 'sauvons-la-riviere', title: { fr: 'Sauvons la rivière', en: 'Save the river' }, goal: 1000 }],
      events: [
        {
          id: 'reunion-publique',
          title: 'Réunion publique',
          startsAt: '2030-03-12T18:00:00Z',
          endsAt: null,
          timeZone: 'Europe/Paris',
          place: { name: 'Salle des fêtes', address: 'Lyon' },
          capacity: 100,
        },
      ],
      donations: {
        profile: 'fr-candidate',
        election: 'municipales-2030',
        checkoutUrlTemplate: 'https://pay.example.fr/?amount={amount}&reference={reference}',
      },
    }),
    dbPath: join(dataDir, 'relay.db'),
    port: 0,
    log: () => undefined,
  });
  // A relay that is down: connections are taken and dropped, nothing answers.
  deadRelay = createTcpServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => deadRelay.listen(0, '127.0.0.1', resolve));
  deadRelayUrl = `http://127.0.0.1:${(deadRelay.address() as { port: number }).port}`;
  site = await startSite();
  // Another origin than the relay's: another host name for the same machine.
  siteOrigin = `http://localhost:${(site.address() as { port: number }).port}`;
  const { CHROMIUM_ARGS, CHROMIUM_PATH } = (await import(new URL('../scripts/chromium.mjs', import.meta.url).href)) as {
    CHROMIUM_ARGS: string[];
    CHROMIUM_PATH: string;
  };
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await new Promise((resolve) => deadRelay?.close(resolve));
  await relay?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Opens a page, keeping what scripts logged as errors. */
async function open(path: string): Promise<{ page: Page; logged: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const logged: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') logged.push(message.text());
  });
  await page.goto(`${siteOrigin}${path}`);
  await page.locator('tract-signup button[part="submit"]').waitFor();
  // A person moves into each form: the forms that load nothing before then find out there.
  for (const tag of ['tract-signup', 'tract-donate']) await page.locator(`${tag} input[name="person.email"]`).focus();
  return { page, logged };
}

/** The Tract lines among what the page logged. */
const tractLines = (logged: string[]) => logged.filter((line) => /^(Tract widgets|Widgets Tract)/.test(line));

describe('a page whose origin is missing from the relay’s origins', () => {
  for (const lang of ['fr', 'en'] as const) {
    it(`shows every widget's refusal in ${lang}, collects nothing, and logs the fix once`, async () => {
      const { page, logged } = await open(`/refused/${lang}`);
      for (const tag of TAGS) {
        const alert = page.locator(`${tag} [part="config-error"]`);
        await alert.waitFor({ timeout: 10_000 });
        expect(await alert.textContent(), tag).toContain(SAYS.refused[lang]);
        expect(await page.locator(`${tag} form`).count(), tag).toBe(0);
      }
      const lines = tractLines(logged);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(relay.url);
      expect(lines[0]).toContain(`"${siteOrigin}"`);
      expect(lines[0]).toContain('"origins"');
      expect(lines[0]).toContain('tract.config.json');
      const stored = await relay.db
        .selectFrom('actions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(0);
      await page.context().close();
    });
  }
});

describe('a page whose relay is down', () => {
  for (const lang of ['fr', 'en'] as const) {
    it(`says in every widget, in ${lang}, that the campaign's server cannot be reached, and logs what to check once`, async () => {
      const { page, logged } = await open(`/down/${lang}`);
      for (const tag of TAGS) {
        const status = page.locator(`${tag} [part="status"]`);
        await expect.poll(() => status.textContent(), { timeout: 10_000, message: tag }).toContain(SAYS.down[lang]);
      }
      const lines = tractLines(logged);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(deadRelayUrl);
      expect(lines[0]).toContain('endpoint');
      await page.context().close();
    });
  }
});
