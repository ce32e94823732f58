/**
 * The `npm start` demo: a relay with the embedded database, the campaign page
 * (`examples/campaign-site/`) at `/` and the widgets (`packages/widgets/dist/`)
 * at `/widgets/`, all on one origin, with fresh admin and organizer tokens,
 * and a mailbox in this process (`mailbox.ts`) that receives the relay's mail
 * and shows it at `/demo-mailbox`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { createToken } from '../auth/tokens.js';
import { parseConfig, readConfigFile } from '../config/load.js';
import type { RelayConfig, RelayConfigInput } from '../config/schema.js';
import { forwardingService } from '../forwarding/service.js';
import type { LogSink } from '../http/access-log.js';
import { mailService } from '../mail/service.js';
import { type RunningRelay, startRelay } from '../server.js';
import { Mailbox } from './mailbox.js';
import { MAILBOX_PATH, mailboxPage } from './mailbox-page.js';

export interface DemoOptions {
  /** The repository root. */
  root: string;
  port: number;
  /** Where the config and database live (default `<root>/.tract`). */
  dataDir?: string;
  log?: LogSink;
}

export interface RunningDemo extends RunningRelay {
  pageUrl: string;
  /** Where the relay's mail lands (also shown at `/demo-mailbox`). */
  mailbox: Mailbox;
  mailboxUrl: string;
  configPath: string;
  adminToken: string;
  organizerToken: string;
}

/** The campaign the demo's messages and pages name. */
function demoCampaign(origin: string): NonNullable<RelayConfigInput['campaign']> {
  return {
    name: 'Lyon en commun (démo)',
    controller: 'Association Lyon en commun (démonstration), 1 place de la Mairie, 69000 Lyon',
    privacyUrl: `${origin}/confidentialite.html`,
    contactEmail: 'donnees@example.org',
  };
}

/** The demo's sender; its SMTP server is the in-process mailbox, whose port changes on every start. */
const DEMO_FROM = 'Lyon en commun (démo) <ne-pas-repondre@example.org>';

/** The demo configuration written on first start. */
export function demoConfig(origin: string): RelayConfigInput {
  const nextYear = new Date().getUTCFullYear() + 1;
  return {
    origins: [origin],
    publicUrl: origin,
    campaign: demoCampaign(origin),
    backend: { type: 'local' },
    petitions: [
      {
        id: 'sauvons-la-riviere',
        title: 'Sauvons la rivière / Save the river',
        description: 'Pas de décharge au bord de la rivière. / No landfill by the river.',
        goal: 1000,
      },
    ],
    events: [
      {
        id: 'reunion-publique',
        title: 'Réunion publique / Public meeting',
        description: 'Venez débattre du programme. / Come and discuss the programme.',
        startsAt: `${nextYear}-03-12T18:00:00Z`,
        endsAt: `${nextYear}-03-12T20:00:00Z`,
        timeZone: 'Europe/Paris',
        place: { name: 'Salle des fêtes', address: '1 place de la Mairie, 69000 Lyon' },
        capacity: 120,
      },
    ],
    donations: {
      profile: 'fr-candidate',
      election: `municipales-${nextYear}`,
      checkoutUrlTemplate: `${origin}/demo-checkout?amount={amount}&currency={currency}&recurrence={recurrence}&reference={reference}`,
    },
    retention: { campaignEndsAt: `${nextYear}-12-31T23:59:59Z` },
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Where the demo's donation hand-off lands: a real campaign points at HelloAsso, Stripe or its bank. */
function demoCheckoutPage(amount = '0', currency = 'EUR', reference = ''): string {
  const major = (Number(amount) / 100).toFixed(2);
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Paiement (démo)</title></head>
<body><main>
<h1>Paiement de démonstration / Demo checkout</h1>
<p lang="fr">Ici, le prestataire de paiement de la campagne encaisserait ${escapeHtml(major)} ${escapeHtml(currency)} (référence ${escapeHtml(reference)}).</p>
<p lang="en">Here the campaign's payment provider would collect ${escapeHtml(major)} ${escapeHtml(currency)} (reference ${escapeHtml(reference)}).</p>
</main></body></html>
`;
}

/** A stand-in page for as long as `examples/campaign-site/` does not exist, kept beside the demo's data. */
function placeholderSite(dataDir: string): string {
  const dir = join(dataDir, 'placeholder-site');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Tract demo</title></head>
<body><main>
<h1>Tract</h1>
<p lang="fr">Le relais fonctionne. La page de campagne (examples/campaign-site/) n’est pas encore là.</p>
<p lang="en">The relay is running. The campaign page (examples/campaign-site/) has not landed yet.</p>
<ul><li><a href="/v1/petitions/sauvons-la-riviere">GET /v1/petitions/sauvons-la-riviere</a></li>
<li><a href="/v1/events/reunion-publique">GET /v1/events/reunion-publique</a></li></ul>
</main></body></html>
`,
  );
  return dir;
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const dataDir = options.dataDir ?? join(options.root, '.tract');
  mkdirSync(dataDir, { recursive: true });
  const configPath = join(dataDir, 'tract.config.json');
  const originsAt = (port: number) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const origin = originsAt(options.port || 8787)[0]!;
  if (!existsSync(configPath)) writeFileSync(configPath, `${JSON.stringify(demoConfig(origin), null, 2)}\n`);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const mailbox = await Mailbox.start({
    onMail: (mail) => log(`Demo mailbox: "${mail.subject}" arrived; open ${config.publicUrl}${MAILBOX_PATH}`),
  });
  let relay: RunningRelay;
  let config: RelayConfig;
  try {
    // The mailbox is always the demo's SMTP server; a config written by an older demo gets the mail settings it lacks.
    config = parseConfig(
      { publicUrl: origin, campaign: demoCampaign(origin), ...(readConfigFile(configPath) as object), smtp: mailbox.smtpConfig(DEMO_FROM) },
      configPath,
    );
    const campaignSite = join(options.root, 'examples', 'campaign-site');
    const siteRoot = existsSync(campaignSite) ? campaignSite : placeholderSite(dataDir);
    relay = await startRelay({
      config,
      dbPath: join(dataDir, 'relay.db'),
      port: options.port,
      hostname: '127.0.0.1',
      // Forwards only when the config names a CRM backend (the demo's is `local`).
      services: [forwardingService(), mailService({ pollMs: 200 })],
      log,
      extend(app) {
        app.get('/demo-checkout', (c) =>
          c.html(demoCheckoutPage(c.req.query('amount'), c.req.query('currency'), c.req.query('reference'))),
        );
        app.get(MAILBOX_PATH, (c) => mailboxPage(c, mailbox));
        // Named patterns rather than a catch-all, so the access log says which kind of request it was.
        const site = serveStatic({ root: siteRoot });
        app.get('/', site);
        app.get('/:page', site);
      },
    });
  } catch (error) {
    await mailbox.close();
    throw error;
  }
  // The page is served from this very origin, whatever port this run got (port 0 picks one).
  for (const origin of originsAt(relay.port)) if (!config.origins.includes(origin)) config.origins.push(origin);
  // Links are written when a message is sent, so they point at this run's port too.
  config.publicUrl = originsAt(relay.port)[0]!;
  const stamp = new Date().toISOString().slice(0, 16);
  const admin = await createToken(relay.db, 'admin', `Demo admin ${stamp}`);
  const organizer = await createToken(relay.db, 'organizer', `Demo organizer ${stamp}`);
  return {
    ...relay,
    pageUrl: `http://localhost:${relay.port}/`,
    configPath,
    adminToken: admin.token,
    organizerToken: organizer.token,
    mailbox,
    mailboxUrl: `${config.publicUrl}${MAILBOX_PATH}`,
    async close() {
      await relay.close();
      await mailbox.close();
    },
  };
}
