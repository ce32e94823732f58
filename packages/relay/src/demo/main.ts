/** Runs the demo (`npm start` at the repository root launches this after its builds). */
import { exitOnStartupFailure, portFrom, type StartCommand } from '../startup-failures.js';
import { startDemo } from './demo.js';

const root = new URL('../../../../', import.meta.url).pathname;
const quiet = process.env.TRACT_DEMO_ACCESS_LOG !== '1';

/** How `npm start` is told to use another port or data folder. */
const NPM_START: StartCommand = {
  name: 'npm start',
  onPort: (port) => `PORT=${port} npm start`,
  otherDatabase: {
    en: 'The demo keeps its data in that file’s folder: delete the folder to start afresh, or choose another with TRACT_DEMO_DIR=<folder> npm start.',
    fr: 'La démo garde ses données dans le dossier de ce fichier : supprimez-le pour repartir de zéro, ou choisissez-en un autre avec TRACT_DEMO_DIR=<dossier> npm start.',
  },
  fixConfig: {
    en: 'Fix that file, or delete it: the next npm start writes the demo’s own again.',
    fr: 'Corrigez ce fichier, ou supprimez-le : le prochain npm start réécrit celui de la démo.',
  },
};

/** `TRACT_DEMO_PAYMENTS=stripe`: donations through the local Stripe stand-in instead of the plain hand-off. */
function demoPayments(): 'stripe' | undefined {
  const value = process.env.TRACT_DEMO_PAYMENTS?.trim();
  if (!value) return undefined;
  if (value === 'stripe') return value;
  process.stderr.write(`npm start: TRACT_DEMO_PAYMENTS is "${value}"; it takes "stripe" (or nothing, for the plain hand-off).\n`);
  process.exit(2);
}

async function run(): Promise<void> {
  const port = portFrom(process.env.PORT ?? '8787', 'PORT');
  const payments = demoPayments();
  const demo = await startDemo({
    root,
    port,
    ...(process.env.TRACT_DEMO_DIR ? { dataDir: process.env.TRACT_DEMO_DIR } : {}),
    ...(payments ? { payments } : {}),
    // Request lines would drown the banner; the `listening` line names the socket (127.0.0.1), which the banner gives as the page's address.
    log: (line) => (quiet && /"event":"(request|listening)"/.test(line) ? undefined : process.stdout.write(`${line}\n`)),
  });
  // Listening before the banner: whoever reads it may press Ctrl-C at once. One Ctrl-C can arrive
  // twice (from the terminal, and passed on by `npm start`): the first stops the demo.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('Stopping: finishing requests, flushing the commit queue, closing the database...\n');
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(`
Tract demo
  Campaign page:   ${demo.pageUrl}
  Demo mailbox:    ${demo.mailboxUrl}   (the relay's mail: confirm a signup there)
  Configuration:   ${demo.configPath}
  Console:         ${demo.consoleUrl}   (sign in with the admin token; demo data: fictional people @example.org${demo.seeded.actions > 0 ? `, ${demo.seeded.actions} actions written now` : ''})
  Admin token:     ${demo.adminToken}
  Organizer token: ${demo.organizerToken}   (for the browser extension)
  Volunteer link:  ${demo.volunteerUrl}
                   (field mode: a phone-bank volunteer's page on the demo call list; works once)

${demo.stripe ? `  Payments:        Stripe stand-in at ${demo.stripe.url} (no card, no money: its page pays and sends signed webhooks)\n` : ''}
  e.g. curl -H "Authorization: Bearer ${demo.adminToken}" ${demo.pageUrl}v1/admin/actions
Ctrl-C stops the relay cleanly.
`);
}

run().catch((error: unknown) => exitOnStartupFailure(error, NPM_START));
