/**
 * A text the public reads (a petition's or an event's title, description,
 * place name): one text for every language, or one per language code, as
 * `tract.config.json` gives it and the public facts carry it.
 */

/** One text for every language, or one per language code (`{"fr": "…", "en": "…"}`). */
export type PublicText = string | Record<string, string>;

/** What is wrong with `value` as a public text, in a sentence; undefined when nothing is. */
export function publicTextProblem(value: unknown, required: boolean): string | undefined {
  if (typeof value === 'string') return required && value === '' ? 'must not be empty' : undefined;
  const example = 'like {"fr": "Sauvons la rivière", "en": "Save the river"}';
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return `must be a text, or one text per language code, ${example}`;
  const entries = Object.entries(value);
  if (entries.length === 0) return `must hold at least one language, ${example}`;
  const badCode = entries.find(([code]) => !/^[a-z]{2,3}$/.test(code));
  if (badCode) return `"${badCode[0]}" is not a language code: write it in two or three lower-case letters ("fr", "en")`;
  const badText = entries.find(([, text]) => typeof text !== 'string' || text === '');
  return badText ? `the "${badText[0]}" text must be a text that is not empty` : undefined;
}

/** The text in `locale`, else in English, else the first one given: a reader gets one language. */
export function textIn(text: PublicText, locale: string): string {
  return typeof text === 'string' ? text : (text[locale] ?? text.en ?? Object.values(text)[0] ?? '');
}
