/**
 * Every string the organizer reads, in English and French. The messages live
 * in WXT's `public/_locales/{en,fr}/messages.json` (the browser uses them for
 * the manifest); pages read them through this module instead of
 * `browser.i18n.getMessage`, because the organizer may pick a language other
 * than the browser's in the options, and `browser.i18n` cannot switch.
 */
import en from '../../public/_locales/en/messages.json' with { type: 'json' };
import fr from '../../public/_locales/fr/messages.json' with { type: 'json' };
import type { LanguageChoice } from '../settings.js';

export type Locale = 'en' | 'fr';
export type MessageKey = keyof typeof en;
/** Looks up a message and fills `$1`, `$2`... with the given values. */
export type Translate = (key: MessageKey, ...substitutions: (string | number)[]) => string;

const catalogs: Record<Locale, Record<string, { message: string }>> = { en, fr };

/** The language to show: the organizer's choice, else the browser's (French for any `fr-*`). */
export function resolveLanguage(choice: LanguageChoice, browserLanguage: string): Locale {
  if (choice !== 'auto') return choice;
  return browserLanguage.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, ...substitutions) => {
    const message = catalog[key]?.message ?? en[key].message;
    return message.replace(/\$(\d)/g, (placeholder, index: string) => String(substitutions[Number(index) - 1] ?? placeholder));
  };
}

/**
 * Fills a page's static strings: `data-i18n` sets the text, `data-i18n-placeholder`,
 * `data-i18n-title` and `data-i18n-aria-label` set those attributes.
 */
export function localize(root: Document, t: Translate, locale: Locale): void {
  root.documentElement.lang = locale;
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) element.textContent = t(element.dataset.i18n as MessageKey);
  for (const attribute of ['placeholder', 'title', 'aria-label'] as const) {
    const dataName = `i18n${attribute.replace(/(^|-)(\w)/g, (_m, _dash, letter: string) => letter.toUpperCase())}`;
    for (const element of root.querySelectorAll<HTMLElement>(`[data-i18n-${attribute}]`)) {
      element.setAttribute(attribute, t(element.dataset[dataName] as MessageKey));
    }
  }
}
