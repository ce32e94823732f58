/**
 * The demo's configuration, `.tract/tract.config.json`: created on the first
 * start for the webmaster to read and edit, and brought up to date with the
 * demo's address at every start, so that a start on another port (`PORT=8788
 * npm start`) allows its page and hands donations off to it, as the first did.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadConfigFile } from '../config/load.js';
import type { RelayConfig, RelayConfigInput } from '../config/schema.js';

/** The demo page's origins on `port`: the address it prints, and the same page by IP address. */
export function demoOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

/** The demo's checkout page on whatever loopback port a config last pointed it at. */
const DEMO_CHECKOUT_ORIGIN = /^http:\/\/(?:localhost|127\.0\.0\.1):\d+(?=\/demo-checkout[/?])/;

/**
 * The configuration written on the first start. Its address-dependent parts
 * are filled in by `pointDemoAt` once the demo knows its port.
 */
export function demoConfig(): RelayConfigInput {
  const nextYear = new Date().getUTCFullYear() + 1;
  return {
    origins: [],
    backend: { type: 'local' },
    petitions: [
      {
        id: 'sauvons-la-riviere',
        title: { fr: 'Sauvons la rivière', en: 'Save the river' },
        description: { fr: 'Pas de décharge au bord de la rivière.', en: 'No landfill by the river.' },
        goal: 1000,
      },
    ],
    events: [
      {
        id: 'reunion-publique',
        title: { fr: 'Réunion publique', en: 'Public meeting' },
        description: { fr: 'Venez débattre du programme.', en: 'Come and discuss the programme.' },
        startsAt: `${nextYear}-03-12T18:00:00Z`,
        endsAt: `${nextYear}-03-12T20:00:00Z`,
        timeZone: 'Europe/Paris',
        place: { name: { fr: 'Salle des fêtes', en: 'Village hall' }, address: '1 place de la Mairie, 69000 Lyon' },
        capacity: 120,
      },
    ],
    donations: {
      profile: 'fr-candidate',
      election: `municipales-${nextYear}`,
      checkoutUrlTemplate:
        'http://localhost:8787/demo-checkout?amount={amount}&currency={currency}&recurrence={recurrence}&reference={reference}',
    },
    retention: { campaignEndsAt: `${nextYear}-12-31T23:59:59Z` },
  };
}

/** The keys of a configuration (as written, or as validated) that depend on where the demo listens. */
interface AddressedConfig {
  origins: string[];
  donations?: { checkoutUrlTemplate: string } | undefined;
}

/**
 * Allows the demo page's origins on `port` and points the demo's own checkout
 * hand-off there. Origins a webmaster added stay, and so does a checkout that
 * is not the demo's. Returns whether anything changed.
 */
export function pointDemoAt(config: AddressedConfig, port: number): boolean {
  let changed = false;
  for (const origin of demoOrigins(port)) {
    if (config.origins.includes(origin)) continue;
    config.origins.push(origin);
    changed = true;
  }
  const donations = config.donations;
  if (donations && DEMO_CHECKOUT_ORIGIN.test(donations.checkoutUrlTemplate)) {
    const moved = donations.checkoutUrlTemplate.replace(DEMO_CHECKOUT_ORIGIN, `http://localhost:${port}`);
    changed ||= moved !== donations.checkoutUrlTemplate;
    donations.checkoutUrlTemplate = moved;
  }
  return changed;
}

/** The demo's configuration file: what it holds, validated, and how to bring it to the demo's address. */
export interface DemoConfigFile {
  config: RelayConfig;
  /** Points the running configuration at `port`, and rewrites the file when it said otherwise. */
  pointAt(port: number): void;
}

/** Reads the demo's configuration at `path`, creating it on the first start. Throws `ConfigError` when it is invalid. */
export function openDemoConfig(path: string): DemoConfigFile {
  if (!existsSync(path)) writeFileSync(path, `${JSON.stringify(demoConfig(), null, 2)}\n`);
  const config = loadConfigFile(path);
  return {
    config,
    pointAt(port) {
      pointDemoAt(config, port);
      // The file keeps the webmaster's own text: only the keys the demo owns are rewritten.
      const written = JSON.parse(readFileSync(path, 'utf8')) as AddressedConfig;
      if (pointDemoAt(written, port)) writeFileSync(path, `${JSON.stringify(written, null, 2)}\n`);
    },
  };
}
