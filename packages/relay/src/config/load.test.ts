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
});
