/**
 * A real relay for the extension's tests: port 0 on 127.0.0.1, SQLite in a
 * temporary folder, an organizer and an admin token. The allow-list holds
 * only a campaign site, as in a real deployment: the extension reaches the
 * token routes from its own origin without being listed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToken, parseConfig, type RunningRelay, startRelay } from '@tract/relay';

export interface TestRelay {
  url: string;
  db: RunningRelay['db'];
  organizerToken: string;
  adminToken: string;
  stop(): Promise<void>;
}

export async function startTestRelay(): Promise<TestRelay> {
  const dir = mkdtempSync(join(tmpdir(), 'tract-extension-relay-'));
  const relay = await startRelay({
    // Contacts are all these tests post; the site's signup form would ask people to confirm by email.
    config: parseConfig({ origins: ['https://www.example.fr'], signups: { doubleOptIn: false } }),
    dbPath: join(dir, 'relay.db'),
    port: 0,
    hostname: '127.0.0.1',
    log: () => {},
  });
  return {
    url: relay.url,
    db: relay.db,
    organizerToken: (await createToken(relay.db, 'organizer', 'Lyon team')).token,
    adminToken: (await createToken(relay.db, 'admin', 'Admin')).token,
    async stop() {
      await relay.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
