/** Small helpers to reach into a widget's shadow root the way a person would. */
import { waitUntil } from '@open-wc/testing';
import { preloadValidation } from '@tract/sdk/schema';
import type { TractFormElement } from '../core/form-element.js';

/** The element matching `selector` in the widget's shadow root; throws if absent. */
export function part<T extends Element = HTMLElement>(widget: Element, selector: string): T {
  const found = widget.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`${widget.localName}: nothing matches ${selector}`);
  return found;
}

/** Types `value` into a field, firing the events a person's typing fires. */
export function type(widget: Element, selector: string, value: string): void {
  const field = part<HTMLInputElement>(widget, selector);
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  field.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** Clicks a checkbox, radio or button. */
export function click(widget: Element, selector: string): void {
  part(widget, selector).click();
}

/** The status line's text. */
export function statusText(widget: Element): string {
  return part(widget, '[role="status"].status').textContent?.trim() ?? '';
}

/**
 * The SDK a form loads after its first render, with every schema and both
 * languages: a test that submits right away waits for it as a person never does.
 */
const sdkLoaded = import('../core/submission.js')
  .then(() => preloadValidation(undefined, 'en'))
  .then(() => preloadValidation(undefined, 'fr'));

/** Waits until the widget has rendered its latest state (the SDK it loads on first use included). */
export async function settle(widget: TractFormElement): Promise<void> {
  await sdkLoaded;
  await widget.updateComplete;
  await new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Waits until `selector` matches in the widget's shadow root (validation loads the SDK on first use), then returns it. */
export async function shown<T extends Element = HTMLElement>(widget: Element, selector: string): Promise<T> {
  await waitUntil(() => widget.shadowRoot?.querySelector(selector), `${widget.localName}: ${selector} never appeared`, { timeout: 5000 });
  return part<T>(widget, selector);
}

/** Waits until the widget's public facts (petition, event) are shown. */
export function loaded(widget: Element): Promise<void> {
  return waitUntil(() => widget.shadowRoot?.querySelector('h2'), `${widget.localName} did not load its facts`, { timeout: 5000 });
}
