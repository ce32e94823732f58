/**
 * Which language a widget speaks: its own `lang` attribute, else the nearest
 * ancestor's, else the document's. One observer for the whole page re-renders
 * every widget when a site switches language, so no site has to re-insert them.
 */
import type { ReactiveElement } from 'lit';

/** The language tag that applies to `element`. */
export function languageOf(element: Element): string {
  const own = element.closest('[lang]')?.getAttribute('lang');
  return own || document.documentElement.lang || navigator.language || 'en';
}

const listeners = new Set<ReactiveElement>();
let observer: MutationObserver | undefined;

/** Re-renders `element` whenever any `lang` attribute in the document changes. */
export function followLanguage(element: ReactiveElement): void {
  listeners.add(element);
  if (!observer) {
    observer = new MutationObserver(() => {
      for (const listener of listeners) listener.requestUpdate();
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
}

/** Stops following language changes (on disconnect). */
export function unfollowLanguage(element: ReactiveElement): void {
  listeners.delete(element);
  if (listeners.size === 0) {
    observer?.disconnect();
    observer = undefined;
  }
}
