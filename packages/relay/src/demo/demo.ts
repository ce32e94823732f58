/**
 * The `npm start` demo: a relay with the embedded database, the campaign page
 * (`examples/campaign-site/`) at `/` and the widgets (`packages/widgets/dist/`)
 * at `/widgets/`, all on one origin, with fresh admin and organizer tokens,
 * and a mailbox in this process (`mailbox.ts`) that receives the relay's mail
 * and shows it at `/demo-mailbox`. It is the repository's own (the published
 * package leaves it out): it serves the repository's campaign page.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { createToken } from '../auth/tokens.js';
import type { RelayConfig } from '../config/schema.js';
import { forwardingService } from '../forwarding/service.js';
import type { LogSink } from '../http/access-log.js';
import { mailService } from '../mail/service.js';
import { escapeHtml } from '../pages/page.js';
import { type RunningRelay, startRelay } from '../server.js';
import { DatabaseOpenError } from '../startup-failures.js';
import { StripeStandIn } from '../test-support/stripe-stand-in.js';
import { openDemoConfig } from './config.js';
import { demoFieldInvitation } from './field.js';
import { Mailbox } from './mailbox.js';
import { MAILBOX_PATH, mailboxPage } from './mailbox-page.js';
import { seedDemo } from './seed.js';

export { demoConfig } from './config.js';

export interface DemoOptions {
  /** The repository root. */
  root: string;
  port: number;
  /** Where the config and database live (default `<root>/.tract`). */
  dataDir?: string;
  log?: LogSink;
  /**
   * Write the fictional supporters behind the console's charts and the demo call list (default true);
   * tests that read back only what they sent turn it off.
   */
  seed?: boolean;
  /**
   * `stripe`: donations go through Stripe Checkout, here the local Stripe
   * stand-in (its checkout page "pays" and sends the signed webhooks).
   * Default: the `redirect` hand-off to `/demo-checkout`.
   */
  payments?: 'stripe';
}

export interface RunningDemo extends RunningRelay {
  pageUrl: string;
  /** Where the relay's mail lands (also shown at `/demo-mailbox`). */
  mailbox: Mailbox;
  mailboxUrl: string;
  configPath: string;
  adminToken: string;
  organizerToken: string;
  /** The organizer console, signed into with `adminToken`. */
  consoleUrl: string;
  /** Fictional actions written at this start (0 when an earlier start wrote them). */
  seeded: { people: number; actions: number };
  /** A single-use invitation to the demo call list, new at every start: the volunteers' field page (none without `seed`). */
  volunteerUrl?: string;
  /** The Stripe stand-in, when the demo runs with `payments: 'stripe'`. */
  stripe?: StripeStandIn;
}

/** The demo data: fictional people and their actions (see `seed.ts`). */
const DEMO_PEOPLE = 1500;
const DEMO_ACTIONS = 4000;

/** The demo's sender; its SMTP server is the in-process mailbox, whose port changes on every start. */
const DEMO_FROM = 'Lyon en commun (démo) <ne-pas-repondre@example.org>';

/**
 * Where the demo's donation hand-off lands: a real campaign points at HelloAsso, Stripe or its bank.
 * It names the campaign page's icon, so browsers do not ask for a /favicon.ico that is not there.
 */
function demoCheckoutPage(amount = '0', currency = 'EUR', reference = ''): string {
  const major = (Number(amount) / 100).toFixed(2);
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><link rel="icon" href="/favicon.svg" type="image/svg+xml"><title>Paiement (démo)</title></head>
<body><main>
<h1>Paiement de démonstration / Demo checkout</h1>
<p lang="fr">Ici, le prestataire de paiement de la campagne encaisserait ${escapeHtml(major)} ${escapeHtml(currency)} (référence ${escapeHtml(reference)}).</p>
<p lang="en">Here the campaign's payment provider would collect ${escapeHtml(major)} ${escapeHtml(currency)} (reference ${escapeHtml(reference)}).</p>
</main></body></html>
`;
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const dataDir = options.dataDir ?? join(options.root, '.tract');
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new DatabaseOpenError(join(dataDir, 'relay.db'), code, message);
  }
  const configPath = join(dataDir, 'tract.config.json');
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const mailbox = await Mailbox.start({
    onMail: (mail) => log(`Demo mailbox: "${mail.subject}" arrived; open ${config.publicUrl}${MAILBOX_PATH}`),
  });
  let relay: RunningRelay;
  let config: RelayConfig;
  let stripe: StripeStandIn | undefined;
  try {
    // The mailbox is always the demo's SMTP server, on a port of its own every start.
    const file = openDemoConfig(configPath, { smtp: mailbox.smtpConfig(DEMO_FROM) });
    config = file.config;
    const env: Record<string, string | undefined> = { ...process.env };
    if (options.payments === 'stripe') {
      // Fresh secrets every run: they exist only between this relay and its stand-in.
      env.STRIPE_SECRET_KEY = `sk_test_demo_${randomBytes(12).toString('hex')}`;
      env.STRIPE_WEBHOOK_SECRET = `whsec_demo_${randomBytes(16).toString('hex')}`;
      stripe = await StripeStandIn.start({ secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET });
      // Only this run's configuration changes: the file keeps its redirect hand-off for the next plain `npm start`.
      config.donations = {
        ...config.donations!,
        provider: 'stripe',
        stripe: { ...config.donations!.stripe, apiUrl: stripe.url, productName: 'Don à Lyon en commun (démo)' },
      };
      stripe.warmUp();
    }
    const siteRoot = join(options.root, 'examples', 'campaign-site');
    relay = await startRelay({
      config,
      dbPath: join(dataDir, 'relay.db'),
      port: options.port,
      hostname: '127.0.0.1',
      // Forwards only when the config names a CRM backend (the demo's is `local`).
      services: [forwardingService(), mailService({ pollMs: 200 })],
      log,
      env,
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
    // The page is served from this very origin, whatever port this run got (port 0 picks one), and links
    // are written when a message is sent: the relay reads the configuration as it goes, and has answered nothing yet.
    file.pointAt(relay.port);
    if (stripe) stripe.webhookUrl = `${relay.url}/v1/payments/stripe/webhook`;
  } catch (error) {
    await mailbox.close();
    await stripe?.close();
    throw error;
  }
  const stamp = new Date().toISOString().slice(0, 16);
  const admin = await createToken(relay.db, 'admin', `Demo admin ${stamp}`);
  const organizer = await createToken(relay.db, 'organizer', `Demo organizer ${stamp}`);
  // A few thousand fictional actions over the last 30 days, once, so the console shows charts at once.
  const seeded =
    options.seed === false
      ? { people: 0, actions: 0 }
      : await seedDemo(relay.db, {
          config,
          hashKey: relay.hashKey,
          now: new Date(),
          people: DEMO_PEOPLE,
          actions: DEMO_ACTIONS,
          days: 30,
        });
  const volunteerPath = options.seed === false ? undefined : await demoFieldInvitation(relay.db, relay.hashKey, config);
  return {
    ...relay,
    pageUrl: `http://localhost:${relay.port}/`,
    consoleUrl: `http://localhost:${relay.port}/console/`,
    seeded,
    configPath,
    adminToken: admin.token,
    organizerToken: organizer.token,
    volunteerUrl: volunteerPath && `http://localhost:${relay.port}${volunteerPath}`,
    mailbox,
    mailboxUrl: `${config.publicUrl}${MAILBOX_PATH}`,
    ...(stripe ? { stripe } : {}),
    async close() {
      await relay.close();
      await mailbox.close();
      await stripe?.close();
    },
  };
}

export { DEMO_ORIGIN, demoRows, type SeedBatch, type SeedOptions } from './seed.js';
