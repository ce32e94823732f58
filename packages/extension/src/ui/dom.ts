/** Small DOM helpers the extension's pages share. */

/** The element with this id, typed; throws when the page lacks it (a broken page should fail loudly). */
export function byId<T extends HTMLElement = HTMLElement>(root: Document, id: string): T {
  const element = root.getElementById(id);
  if (!element) throw new Error(`The page has no element #${id}: the HTML and the script are out of step.`);
  return element as T;
}

/** Replaces a `<select>`'s options. */
export function fillSelect(select: HTMLSelectElement, options: { value: string; label: string }[]): void {
  select.replaceChildren(...options.map(({ value, label }) => new Option(label, value)));
}

/** Copies a read-only textarea's text (the clipboard API needs the page focused, which a click gives). */
export async function copyText(textarea: HTMLTextAreaElement): Promise<void> {
  await navigator.clipboard.writeText(textarea.value);
}
