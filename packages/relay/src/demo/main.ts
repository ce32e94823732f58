/** Runs the demo (`npm start` at the repository root launches this after its builds). */
import { startDemo } from './demo.js';

const root = new URL('../../../../', import.meta.url).pathname;
const port = Number(process.env.PORT ?? 8787);
const quiet = process.env.TRACT_DEMO_ACCESS_LOG !== '1';

startDemo({
  root,
  port,
  log: (line) => (quiet && line.includes('"event":"request"') ? undefined : process.stdout.write(`${line}\n`)),
}).then(
  (demo) => {
    process.stdout.write(`
Tract demo
  Campaign page:   ${demo.pageUrl}
  Demo mailbox:    ${demo.mailboxUrl}   (the relay's mail: confirm a signup there)
  Configuration:   ${demo.configPath}
  Admin token:     ${demo.adminToken}
  Organizer token: ${demo.organizerToken}   (for the browser extension)

  e.g. curl -H "Authorization: Bearer ${demo.adminToken}" ${demo.url}/v1/admin/actions
Ctrl-C stops the relay cleanly.
`);
    const stop = () => {
      process.stdout.write('Stopping: finishing requests, flushing the commit queue, closing the database...\n');
      demo.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: Error) => {
    process.stderr.write(`npm start: ${error.message}\n`);
    process.exit(1);
  },
);
