/**
 * The demo's configuration, `.tract/tract.config.json`: created on the first
 * start for the webmaster to read and edit, and brought up to date with the
 * demo's address at every start, so that a start on another port (`PORT=8788
 * npm start`) allows its page, links its messages and hands donations off
 * there, as the first did.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { parseConfig, readConfigFile } from '../config/load.js';
import type { RelayConfig, RelayConfigInput } from '../config/schema.js';

/** Where a demo that never ran yet says it is: the default port's page. */
const FIRST_ADDRESS = 'http://localhost:8787';

/** The demo page's origins on `port`: the address it prints, and the same page by IP address. */
export function demoOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
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

/**
 * The configuration written on the first start. Its addresses are the default
 * port's until `pointDemoAt` moves them to the port the demo got.
 */
export function demoConfig(): RelayConfigInput {
  const nextYear = new Date().getUTCFullYear() + 1;
  return {
    origins: demoOrigins(8787),
    publicUrl: FIRST_ADDRESS,
    campaign: demoCampaign(FIRST_ADDRESS),
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
      checkoutUrlTemplate: `${FIRST_ADDRESS}/demo-checkout?amount={amount}&currency={currency}&recurrence={recurrence}&reference={reference}`,
    },
    retention: { campaignEndsAt: `${nextYear}-12-31T23:59:59Z` },
  };
}

/** The keys of a configuration (as written, or as validated) that depend on where the demo listens. */
interface AddressedConfig {
  origins: string[];
  publicUrl?: string | undefined;
  campaign?: { privacyUrl: string } | undefined;
  donations?: { checkoutUrlTemplate?: string | undefined } | undefined;
}

/** The loopback origin `url` starts with (`http://localhost:8787`), if any. */
function loopbackOrigin(url: string | undefined): string | undefined {
  return url ? /^http:\/\/(?:localhost|127\.0\.0\.1):\d+(?=[/?]|$)/.exec(url)?.[0] : undefined;
}

/**
 * Moves what the demo wrote for its previous address (`publicUrl` records it)
 * to `port`: its page's origins, the privacy page its messages link, its
 * checkout hand-off. What a webmaster added, and addresses elsewhere, stay.
 * The origins array is changed in place: the running relay reads that very
 * array. Returns whether anything changed.
 */
export function pointDemoAt(config: AddressedConfig, port: number): boolean {
  const before = JSON.stringify(config);
  const previous = loopbackOrigin(config.publicUrl);
  const previousOrigins = previous ? demoOrigins(Number(previous.split(':')[2])) : [];
  const here = `http://localhost:${port}`;
  const move = (url: string) => {
    const origin = loopbackOrigin(url);
    return origin && previousOrigins.includes(origin) ? here + url.slice(origin.length) : url;
  };
  for (let i = config.origins.length - 1; i >= 0; i--) if (previousOrigins.includes(config.origins[i]!)) config.origins.splice(i, 1);
  for (const origin of demoOrigins(port)) if (!config.origins.includes(origin)) config.origins.push(origin);
  config.publicUrl = here;
  if (config.campaign) config.campaign.privacyUrl = move(config.campaign.privacyUrl);
  if (config.donations?.checkoutUrlTemplate) config.donations.checkoutUrlTemplate = move(config.donations.checkoutUrlTemplate);
  return JSON.stringify(config) !== before;
}

/** The demo's configuration file: what it holds, validated, and how to bring it to the demo's address. */
export interface DemoConfigFile {
  config: RelayConfig;
  /** Points the running configuration at `port`, and rewrites the file when it said otherwise. */
  pointAt(port: number): void;
}

/**
 * Reads the demo's configuration at `path`, creating it on the first start.
 * `runtime` holds what changes on every start and is never written (the
 * mailbox's SMTP server). Throws `ConfigError` when the file is invalid.
 */
export function openDemoConfig(path: string, runtime: Partial<RelayConfigInput>): DemoConfigFile {
  if (!existsSync(path)) writeFileSync(path, `${JSON.stringify(demoConfig(), null, 2)}\n`);
  const written = readConfigFile(path) as AddressedConfig;
  // A file written by an older demo gets the mail settings it lacks.
  const config = parseConfig({ publicUrl: FIRST_ADDRESS, campaign: demoCampaign(FIRST_ADDRESS), ...written, ...runtime }, path);
  return {
    config,
    pointAt(port) {
      pointDemoAt(config, port);
      // The file keeps the webmaster's own text: only the keys the demo owns are rewritten.
      if (pointDemoAt(written, port)) writeFileSync(path, `${JSON.stringify(written, null, 2)}\n`);
    },
  };
}
