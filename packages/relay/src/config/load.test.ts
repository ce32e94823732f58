import { describe, expect, it } from 'vitest';
import { testConfig } from '../test-support/relay.js';
import { ConfigError, parseConfig } from './load.js';

describe('parseConfig', () => {
  it('fills every default', () => {
    const config = parseConfig({ origins: ['https://www.example.fr'] });
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
    [{ origins: [], trustProxy: true }, 'trustProxy: true is not accepted'],
    [{ origins: [], trustProxy: ['10.0.0.1', 'proxy'] }, 'trustProxy: "proxy" is not an IP address or CIDR range'],
  ])('names the bad key in %j', (input, expected) => {
    expect(() => parseConfig(input)).toThrow(ConfigError);
    expect(() => parseConfig(input)).toThrow(expected);
  });

  it('takes trustProxy as false, a hop count or proxy addresses', () => {
    expect(parseConfig({ origins: [] }).trustProxy).toBe(false);
    expect(parseConfig({ origins: [], trustProxy: 2 }).trustProxy).toBe(2);
    expect(parseConfig({ origins: [], trustProxy: ['10.0.0.0/8'] }).trustProxy).toEqual(['10.0.0.0/8']);
  });

  it('refuses an id used twice', () => {
    const petition = { id: 'same', title: 'x', goal: null };
    expect(() => parseConfig({ origins: [], petitions: [petition, petition] })).toThrow('"same" is used twice');
  });

  it('accepts a text per language for titles, descriptions and place names', () => {
    const config = parseConfig({
      origins: [],
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
    expect(() => parseConfig({ origins: [], petitions: [{ id: 'p', title, goal: null }] })).toThrow(expected);
  });
});
