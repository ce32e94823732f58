/**
 * French and English for every app: the browser's language first, then the
 * one the person picks (remembered on this device: a language is not
 * personal data). Each app keeps its own texts; this module only knows which
 * language is in use and tells the page and the elements when it changes.
 */
export type Locale = 'en' | 'fr';
export const LOCALES: readonly Locale[] = ['en', 'fr'];

const STORAGE_KEY = 'tract.locale';

/** The first of the browser's languages we speak, English otherwise. */
export function browserLocale(languages: readonly string[] = navigator.languages ?? [navigator.language]): Locale {
  for (const language of languages) {
    if (/^fr\b/i.test(language)) return 'fr';
    if (/^en\b/i.test(language)) return 'en';
  }
  return 'en';
}

function storedLocale(): Locale | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' || value === 'fr' ? value : undefined;
  } catch {
    return undefined;
  }
}

type Listener = (locale: Locale) => void;

/** The language in use and the texts of an app in it. */
export class I18n<Texts> {
  #locale: Locale;
  readonly #listeners = new Set<Listener>();

  constructor(private readonly catalogs: Record<Locale, Texts>) {
    this.#locale = storedLocale() ?? browserLocale();
    document.documentElement.lang = this.#locale;
  }

  get locale(): Locale {
    return this.#locale;
  }

  /** The texts in the language in use. */
  get t(): Texts {
    return this.catalogs[this.#locale];
  }

  set(locale: Locale): void {
    this.#locale = locale;
    document.documentElement.lang = locale;
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // Private browsing may refuse storage: the choice then lasts as long as the page.
    }
    for (const listener of this.#listeners) listener(locale);
  }

  /** Calls `listener` on every change; returns what stops it. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Numbers and dates as the language writes them. */
  number(value: number): string {
    return new Intl.NumberFormat(this.#locale).format(value);
  }

  dateTime(iso: string): string {
    return new Intl.DateTimeFormat(this.#locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }
}
