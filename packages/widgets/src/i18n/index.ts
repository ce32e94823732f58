/** Widget locales. Adding one is one typed file and one line here. */
import { en } from './en.js';
import { fr } from './fr.js';
import type { WidgetMessages } from './types.js';

export type { WidgetMessages } from './types.js';

export const widgetLocales = { en, fr } satisfies Record<string, WidgetMessages>;
export type WidgetLocale = keyof typeof widgetLocales;

/** The locale for a language tag: its primary language if shipped, else English. */
export function widgetLocaleFor(tag: string | null | undefined): WidgetLocale {
  const primary = (tag ?? '').toLowerCase().split('-')[0] ?? '';
  return primary in widgetLocales ? (primary as WidgetLocale) : 'en';
}
