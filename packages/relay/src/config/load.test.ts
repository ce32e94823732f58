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
  ])('names the bad key in %j', (input, expected) => {
    expect(() => parseConfig(input)).toThrow(ConfigError);
    expect(() => parseConfig(input)).toThrow(expected);
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
    [{ FR: 'Sauvons' }, 'petitions.0.title: must be a text, or one text per language code, like {"fr": "…", "en": "…"}'],
    [{}, 'petitions.0.title: must hold at least one language'],
    [{ fr: 'Sauvons', en: '' }, 'petitions.0.title.en: must be at least 1'],
    [42, 'petitions.0.title: must be a text, or one text per language code'],
  ])('names a title that is neither a text nor one per language: %j', (title, expected) => {
    expect(() => parseConfig({ origins: [], petitions: [{ id: 'p', title, goal: null }] })).toThrow(expected);
  });
});
