/**
 * The deployment files (deploy/compose.yaml, its Caddyfile and example
 * configuration) parse and point at what exists: the relay's Dockerfile, its
 * real commands and the environment variables it really reads; on the
 * PostgreSQL run, the `migrate` service's command runs with its environment.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../src/config/load.js';
import { createPostgresDatabase, ON_POSTGRES, type TestDatabase } from '../src/test-support/database.js';

const packageDir = new URL('..', import.meta.url).pathname;
const deployDir = join(packageDir, 'deploy');
const compose = parse(readFileSync(join(deployDir, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
}

const relays = Object.entries(compose.services).filter(([, service]) => service.image === 'tract-relay');

/** Every source file of the relay, to check that a variable the compose file sets is really read. */
function sourceMentions(text: string): boolean {
  const files = spawnSync('grep', ['-rl', '--include=*.ts', text, join(packageDir, 'src')], { encoding: 'utf8' }).stdout;
  return files.split('\n').some((file) => file && !file.endsWith('.test.ts'));
}

describe('deploy/compose.yaml', () => {
  it('runs two relays on one PostgreSQL database behind a TLS proxy, migrating first', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['caddy', 'migrate', 'postgres', 'relay-1', 'relay-2']);
    expect(relays.map(([name]) => name).sort()).toEqual(['migrate', 'relay-1', 'relay-2']);
    expect(compose.services.postgres!.image).toMatch(/^postgres:/);
    for (const name of ['relay-1', 'relay-2']) {
      expect(compose.services[name]!.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    }
    expect(compose.services.migrate!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  it('builds the relay from its real Dockerfile and runs real commands', () => {
    for (const [, service] of relays) {
      expect(existsSync(join(deployDir, service.build!.context, service.build!.dockerfile))).toBe(true);
    }
    const dockerfile = readFileSync(join(packageDir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('CMD ["node", "packages/relay/bin/tract-relay.js", "--host", "0.0.0.0"]');
    expect(dockerfile).toMatch(/PORT=8787/);
    const [node, bin, subcommand] = compose.services.migrate!.command!;
    expect([node, bin]).toEqual(['node', 'packages/relay/bin/tract-relay.js']);
    expect(existsSync(join(packageDir, 'bin/tract-relay.js'))).toBe(true);
    // The subcommand is one the CLI knows: its usage lists it.
    const help = spawnSync(process.execPath, ['--conditions=tract-source', '--import', 'tsx', 'src/main.ts', '--help'], {
      cwd: packageDir,
      encoding: 'utf8',
    });
    expect(help.stdout).toContain(`tract-relay ${subcommand} `);
  });

  it('gives the relays only variables they read, the password only through the environment', () => {
    for (const [, service] of relays) {
      const environment = service.environment!;
      expect(Object.keys(environment).sort()).toEqual(['TRACT_CHALLENGE_SECRET', 'TRACT_CONFIG', 'TRACT_DATABASE_URL', 'TRACT_HASH_KEY']);
      for (const name of Object.keys(environment)) expect(sourceMentions(name)).toBe(true);
      expect(environment.TRACT_DATABASE_URL).toMatch(/^postgres:\/\/tract:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/tract$/);
      expect(service.volumes).toContain('./tract.config.json:/config/tract.config.json:ro');
    }
    const config = parseConfig(JSON.parse(readFileSync(join(deployDir, 'tract.config.json'), 'utf8')));
    // Caddy is one hop in front of the relays.
    expect(config.trustProxy).toBe(1);
    expect(config.database).toBeUndefined();
  });

  it('has Caddy spread requests over both relays on the port they listen on', () => {
    const caddy = compose.services.caddy!;
    expect(caddy.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
    const caddyfile = readFileSync(join(deployDir, 'Caddyfile'), 'utf8');
    expect(caddyfile).toMatch(/^\{\$TRACT_DOMAIN\} \{$/m);
    expect(caddyfile).toMatch(/reverse_proxy relay-1:8787 relay-2:8787 \{/);
    expect(caddy.environment).toHaveProperty('TRACT_DOMAIN');
  });

  describe.skipIf(!ON_POSTGRES)('the migrate service', () => {
    let database: TestDatabase | undefined;
    afterAll(async () => {
      await database?.drop();
    });

    it('migrates the database named by its environment', async () => {
      database = await createPostgresDatabase();
      const environment = compose.services.migrate!.environment!;
      const [, , ...args] = compose.services.migrate!.command!;
      const result = spawnSync(process.execPath, ['--conditions=tract-source', '--import', 'tsx', 'src/main.ts', ...args], {
        cwd: packageDir,
        encoding: 'utf8',
        env: {
          ...process.env,
          LANG: 'en_GB.UTF-8',
          TRACT_DATABASE_URL: database.target,
          TRACT_HASH_KEY: 'unused-by-migrate',
          TRACT_CHALLENGE_SECRET: 'unused-by-migrate',
          TRACT_CONFIG: join(deployDir, 'tract.config.json'),
        },
        timeout: 30_000,
      });
      expect(Object.keys(environment)).toContain('TRACT_DATABASE_URL');
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/is at schema version \d+\./);
    });
  });
});
