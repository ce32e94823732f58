import { describe, expect, it } from 'vitest';
import { testConfig } from '../test-support/relay.js';
import { ConfigError, parseConfig } from './load.js';

describe('parseConfig', () => {
  it('fills every default', () => {
    const config = parseConfig({ origins: ['https://www.example.fr'], signups: { doubleOptIn: false } });
    expect(config.backend).toEqual({ type: 'local' });
    expect(config.challenge).toMatchObject({ enabled: true });
    expect(config.retention.contactDays).toBe(183);
    expect(config.rateLimits.perIp).toBeGreaterThan(0);
  });

  it.each([
    [{ origins: ['null'] }, 'origins.0'],
    [{ origins: ['*'] }, 'origins.0'],
    [{ origins: ['https://www.example.fr/path'] }, 'origins.0'],
    [{ origins: [], rateLimit: {} }, 'rateLimit: unknown key'],
    [{ origins: [], backend: { type: 'salesforce' } }, 'backend'],
    [{ origins: [], petitions: [{ id: 'Bad Id', title: 'x', goal: null }] }, 'petitions.0.id'],
    [{ origins: [], challenge: { cost: 0 } }, 'challenge.cost'],
    [{ origins: [], donations: { ...testConfig().donations, profile: 'fr' } }, 'donations.profile'],
    [{ ...mailConfig(), smtp: { ...mailConfig().smtp, port: 0 } }, 'smtp.port'],
    [{ ...mailConfig(), smtp: { ...mailConfig().smtp, security: 'ssl' } }, 'smtp.security'],
    [{ ...mailConfig(), publicUrl: 'http://relay.example.fr' }, 'publicUrl'],
    [{ ...mailConfig(), campaign: { name: 'Lyon', controller: 'x', privacyUrl: 'ftp://x' } }, 'campaign.privacyUrl'],
    [{ ...mailConfig(), confirmation: { linkHours: 72 } }, 'confirmation.linkHours'],
    [{ origins: [], trustProxy: true }, 'trustProxy: true is not accepted'],
    [{ origins: [], trustProxy: ['10.0.0.1', 'proxy'] }, 'trustProxy: "proxy" is not an IP address or CIDR range'],
  ])('names the bad key in %j', (input, expected) => {
    expect(() => parseConfig(input)).toThrow(ConfigError);
    expect(() => parseConfig(input)).toThrow(expected);
  });

  it('turns double opt-in on for signups and off for the other forms by default', () => {
    const config = parseConfig(mailConfig());
    expect(config.signups.doubleOptIn).toBe(true);
    expect(config.petitions[0]!.doubleOptIn).toBe(false);
    expect(config.events[0]!.doubleOptIn).toBe(false);
    expect(config.donations!.doubleOptIn).toBe(false);
    expect(config.confirmation).toEqual({ linkHours: 48, maxMailsPerDay: 3 });
    expect(config.retention.unconfirmedDays).toBe(3);
    expect(config.smtp).toMatchObject({ security: 'starttls' });
  });

  it('refuses double opt-in without smtp, naming both ways out', () => {
    const attempt = () => parseConfig({ origins: ['https://www.example.fr'] });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/signups\.doubleOptIn \(on by default\).*configure "smtp".*signups\.doubleOptIn: false/s);
    const petition = { id: 'p', title: 'P', goal: null, doubleOptIn: true };
    expect(() => parseConfig({ origins: [], signups: { doubleOptIn: false }, petitions: [petition] })).toThrow(
      'petitions.0.doubleOptIn: false',
    );
  });

  it("needs the links' address and the campaign's identity with smtp, and never sends in clear to another machine", () => {
    const { publicUrl: _url, campaign: _campaign, ...bare } = mailConfig();
    expect(() => parseConfig(bare)).toThrow(/publicUrl: is required[\s\S]*campaign: is required/);
    const inClear = { ...mailConfig(), smtp: { host: 'smtp.example.fr', security: 'none', from: 'a@example.fr' } };
    expect(() => parseConfig(inClear)).toThrow('smtp.security: "none"');
    const { passwordEnv: _password, ...userOnly } = mailConfig().smtp;
    const halfAuth = { ...mailConfig(), smtp: userOnly };
    expect(() => parseConfig(halfAuth)).toThrow('smtp.user, smtp.passwordEnv');
  });

  it('takes trustProxy as false, a hop count or proxy addresses', () => {
    const noMail = { origins: [], signups: { doubleOptIn: false } };
    expect(parseConfig(noMail).trustProxy).toBe(false);
    expect(parseConfig({ ...noMail, trustProxy: 2 }).trustProxy).toBe(2);
    expect(parseConfig({ ...noMail, trustProxy: ['10.0.0.0/8'] }).trustProxy).toEqual(['10.0.0.0/8']);
  });

  it('refuses an id used twice', () => {
    const petition = { id: 'same', title: 'x', goal: null };
    expect(() => parseConfig({ origins: [], petitions: [petition, petition] })).toThrow('"same" is used twice');
  });

  it('accepts a text per language for titles, descriptions and place names', () => {
    const config = parseConfig({
      origins: [],
      signups: { doubleOptIn: false },
      petitions: [
        { id: 'p', title: { fr: 'Sauvons la rivière', en: 'Save the river' }, description: { fr: 'Non.', en: 'No.' }, goal: null },
      ],
      events: [{ ...testConfig().events![0]!, place: { name: { fr: 'Salle des fêtes', en: 'Village hall' }, address: 'Lyon' } }],
    });
    expect(config.petitions[0]!.title).toEqual({ fr: 'Sauvons la rivière', en: 'Save the river' });
    expect(config.events[0]!.place.name).toEqual({ fr: 'Salle des fêtes', en: 'Village hall' });
  });

  it.each([
    [{ FR: 'Sauvons' }, 'petitions.0.title: "FR" is not a language code: write it in two or three lower-case letters ("fr", "en")'],
    [{}, 'petitions.0.title: must hold at least one language, like {"fr": "Sauvons la rivière", "en": "Save the river"}'],
    [{ fr: 'Sauvons', en: '' }, 'petitions.0.title: the "en" text must be a text that is not empty'],
    [42, 'petitions.0.title: must be a text, or one text per language code, like {"fr"'],
    ['', 'petitions.0.title: must not be empty'],
  ])('names a title that is neither a text nor one per language: %j', (title, expected) => {
    expect(() => parseConfig({ origins: [], signups: { doubleOptIn: false }, petitions: [{ id: 'p', title, goal: null }] })).toThrow(
      expected,
    );
  });
});

/** A valid configuration that sends mail. */
function mailConfig() {
  return {
    ...testConfig({ signups: { doubleOptIn: true } }),
    publicUrl: 'https://relay.example.fr',
    campaign: {
      name: 'Lyon en commun',
      controller: 'Lyon en commun, 1 place Bellecour, Lyon',
      privacyUrl: 'https://www.example.fr/vie-privee',
    },
    smtp: { host: 'smtp.example.fr', from: 'Lyon en commun <ne-pas-repondre@example.fr>', user: 'relay', passwordEnv: 'SMTP_PASSWORD' },
  };
}
