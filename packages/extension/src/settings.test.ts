import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { relayOriginPattern } from './relay-access.js';
import { DEFAULT_SETTINGS, isConfigured, loadRecentTags, loadSettings, parseTags, rememberTags, saveSettings } from './settings.js';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('settings', () => {
  it('start empty and keep what the options page saves', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    expect(isConfigured(DEFAULT_SETTINGS)).toBe(false);
    const saved = {
      relayUrl: 'https://relay.example.org',
      organizerToken: 'tok',
      defaultTags: ['lyon'],
      language: 'fr' as const,
      teamName: 'Lyon',
    };
    await saveSettings(saved);
    expect(await loadSettings()).toEqual(saved);
    expect(isConfigured(saved)).toBe(true);
  });

  it('suggest the most recent tags first, without duplicates, at most twelve', async () => {
    await rememberTags(['lyon', 'vélo']);
    await rememberTags(['transport', 'lyon']);
    expect(await loadRecentTags()).toEqual(['transport', 'lyon', 'vélo']);
    await rememberTags(Array.from({ length: 20 }, (_, i) => `tag${i}`));
    expect(await loadRecentTags()).toHaveLength(12);
  });

  it('split typed tags on commas', () => {
    expect(parseTags(' lyon, vélo ,, lyon ,transport ')).toEqual(['lyon', 'vélo', 'transport']);
    expect(parseTags('')).toEqual([]);
  });
});

describe('relayOriginPattern', () => {
  it('asks for the relay origin only, whatever the path or port', () => {
    expect(relayOriginPattern('https://relay.example.org/tract/')).toBe('https://relay.example.org/*');
    expect(relayOriginPattern('http://127.0.0.1:8787')).toBe('http://127.0.0.1/*');
  });
});
