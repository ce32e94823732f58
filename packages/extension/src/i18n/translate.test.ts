import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json' with { type: 'json' };
import fr from '../../public/_locales/fr/messages.json' with { type: 'json' };
import { type MessageKey, resolveLanguage, translator } from './translate.js';

const PACKAGE = new URL('../../', import.meta.url).pathname;

function sourcesOf(dir: string): string[] {
  return readdirSync(join(PACKAGE, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|html)$/.test(file) && !file.endsWith('.test.ts') && !file.includes('extractors'))
    .map((file) => readFileSync(join(PACKAGE, dir, file), 'utf8'));
}

describe('the French and English catalogs', () => {
  it('have the same keys, with the same placeholders, and no empty message', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as MessageKey[]) {
      const placeholders = (message: string) => [...new Set(message.match(/\$\d/g) ?? [])].sort();
      expect(placeholders(fr[key].message), key).toEqual(placeholders(en[key].message));
      expect(en[key].message.trim(), key).not.toBe('');
      expect(fr[key].message.trim(), key).not.toBe('');
    }
  });

  it('cover every key the pages and modules use, and every key is used', () => {
    const code = [...sourcesOf('src'), ...sourcesOf('entrypoints'), readFileSync(join(PACKAGE, 'wxt.config.ts'), 'utf8')].join('\n');
    const used = new Set(
      [...code.matchAll(/(?:data-i18n(?:-[a-z-]+)?="|__MSG_|\bt\(\s*'|: ')([a-zA-Z]+)/g)]
        .map((match) => match[1] ?? '')
        .filter((key) => key in en),
    );
    const referenced = [...code.matchAll(/data-i18n(?:-[a-z-]+)?="([a-zA-Z]+)"|__MSG_([a-zA-Z]+)__/g)].map((m) => m[1] ?? m[2] ?? '');
    for (const key of referenced) expect(Object.keys(en), key).toContain(key);
    expect(Object.keys(en).filter((key) => !used.has(key) && !code.includes(`'${key}'`))).toEqual([]);
  });
});

describe('translator', () => {
  it('fills numbered placeholders in the chosen language', () => {
    expect(translator('fr')('pendingTitle', 3)).toBe('En attente du relais (3)');
    expect(translator('en')('pendingTitle', 3)).toBe('Waiting for the relay (3)');
  });

  it('follows the browser unless the organizer chose a language', () => {
    expect(resolveLanguage('auto', 'fr-CA')).toBe('fr');
    expect(resolveLanguage('auto', 'de')).toBe('en');
    expect(resolveLanguage('en', 'fr-FR')).toBe('en');
    expect(resolveLanguage('fr', 'en-US')).toBe('fr');
  });
});
