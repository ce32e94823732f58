/// <reference types="mocha" />
/**
 * The behaviour every widget shares, tested once and run by each widget's own
 * test file: labels and autocomplete, validation messages in both languages,
 * consent unticked, no collection without a notice, events, the offline
 * queue, accessibility of every state and keyboard-only completion.
 */

import { expect, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { messageFor } from '@tract/sdk';
import type { ActionKind } from '@tract/sdk/schema';
import { sendKeys } from '@web/test-runner-commands';
import type { TractFormElement } from '../core/form-element.js';
import { widgetLocales } from '../i18n/index.js';
import { expectAccessible } from './axe.js';
import { click, part, settle, statusText } from './dom.js';
import { relaySubmissions, setOffline } from './relay.js';

export interface WidgetCase {
  tag: string;
  kind: ActionKind;
  /** Attributes besides `lang`, `controller` and `privacy-url`. */
  attributes: Record<string, string>;
  /** The relay path the action is posted to. */
  relayPath: string;
  /** The form its challenges are asked for (`GET /v1/challenge?form=`). */
  form: string;
  /** Fills every required field validly (consent left alone). */
  fill(widget: TractFormElement): Promise<void>;
  /** Presses the keys that fill and submit the form, starting with focus on the first field. */
  keyboard(widget: TractFormElement): Promise<void>;
  /** Waits for facts to load, when the widget has any. */
  ready?(widget: TractFormElement): Promise<void>;
}

export const CONTROLLER = 'Camille Martin 2027';
export const PRIVACY_URL = 'https://example.org/confidentialite';

/** Mounts the widget of `c`, configured unless `configured` is false. */
export async function mount(c: WidgetCase, lang: 'fr' | 'en', configured = true): Promise<TractFormElement> {
  const widget = document.createElement(c.tag) as TractFormElement;
  for (const [name, value] of Object.entries({ ...c.attributes, lang })) widget.setAttribute(name, value);
  if (configured) {
    widget.setAttribute('controller', CONTROLLER);
    widget.setAttribute('privacy-url', PRIVACY_URL);
  }
  const mounted = await fixture<TractFormElement>(widget);
  if (configured) await c.ready?.(mounted);
  await settle(mounted);
  return mounted;
}

/** Submits the form, confirming the review step when the widget has one. */
export async function submitForm(widget: TractFormElement): Promise<void> {
  click(widget, 'form button[type="submit"]');
  await settle(widget);
  const confirm = widget.shadowRoot!.querySelector<HTMLButtonElement>('.review button[part="submit"]');
  if (confirm) {
    confirm.click();
    await settle(widget);
  }
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `sha256:${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Waits until the relay recorded the action `id`, and returns how many times it did. */
async function recordedTimes(id: string): Promise<number> {
  let times = 0;
  await waitUntil(
    async () => {
      times = (await relaySubmissions()).filter((s) => s.key === id).length;
      return times > 0;
    },
    `action ${id} never reached the relay`,
    { timeout: 15000, interval: 100 },
  );
  return times;
}

/** Registers the shared suite for one widget. */
export function runSharedBehaviour(c: WidgetCase): void {
  describe(`<${c.tag}> shared behaviour`, () => {
    for (const lang of ['fr', 'en'] as const) {
      const t = widgetLocales[lang];

      it(`labels every field and gives text fields an autocomplete token (${lang})`, async () => {
        const widget = await mount(c, lang);
        const fields = [...widget.shadowRoot!.querySelectorAll<HTMLInputElement>('form input:not([name="website"]), form textarea')];
        expect(fields.length).to.be.greaterThan(1);
        for (const field of fields) {
          expect(field.labels?.length ?? 0, `${field.name} has no label`).to.be.greaterThan(0);
          if (['text', 'email', 'tel'].includes(field.type) || field.localName === 'textarea') {
            expect(field.getAttribute('autocomplete'), `${field.name} has no autocomplete`).to.be.a('string');
          }
        }
        const email = part<HTMLInputElement>(widget, 'input[name="person.email"]');
        expect(email.autocomplete).to.equal('email');
        expect(email.labels![0]!.textContent).to.contain(t.field.email);
        await expectAccessible(widget);
      });

      it(`shows the SDK's validation messages, a summary, and focuses the first invalid field (${lang})`, async () => {
        const widget = await mount(c, lang);
        const errorEvent = oneEvent(widget, 'tract-error');
        click(widget, 'form button[type="submit"]');
        expect((await errorEvent).detail.code).to.equal('invalid_input');
        await settle(widget);
        const email = part<HTMLInputElement>(widget, 'input[name="person.email"]');
        expect(email.getAttribute('aria-invalid')).to.equal('true');
        const describedBy = email.getAttribute('aria-describedby')!.split(' ');
        const error = describedBy.map((id) => widget.shadowRoot!.getElementById(id)).find((el) => el?.classList.contains('error'));
        expect(error?.textContent).to.equal(messageFor('required', lang));
        const summary = part(widget, '.summary');
        expect(summary.getAttribute('role')).to.equal('alert');
        expect(summary.textContent).to.contain(messageFor('required', lang));
        expect(widget.shadowRoot!.activeElement?.getAttribute('aria-invalid')).to.equal('true');
        await expectAccessible(widget);
      });
    }

    it('leaves every consent box unticked', async () => {
      const widget = await mount(c, 'fr');
      const boxes = [...widget.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name^="consent."]')];
      expect(boxes.length).to.be.greaterThan(0);
      for (const box of boxes) expect(box.checked, box.name).to.equal(false);
    });

    it('refuses to collect without controller and privacy-url, visibly', async () => {
      const widget = await mount(c, 'en', false);
      const error = part(widget, '[part="config-error"]');
      expect(error.textContent).to.contain('controller, privacy-url');
      expect(part<HTMLButtonElement>(widget, 'button[part="submit"]').disabled).to.equal(true);
      expect(widget.shadowRoot!.querySelector('form')).to.equal(null);
      await expectAccessible(widget);
    });

    it('sends the action with hashed consent and fires tract-submitted', async () => {
      const widget = await mount(c, 'fr');
      await c.fill(widget);
      click(widget, 'input[name="consent.email"]');
      const shownText = part(widget, 'input[name="consent.email"]').closest('label')!.textContent!.trim();
      expect(shownText).to.equal(widgetLocales.fr.consent.email(CONTROLLER));
      const submitted = oneEvent(widget, 'tract-submitted');
      await submitForm(widget);
      const { detail } = await submitted;
      expect(detail.kind).to.equal(c.kind);
      const recorded = (await relaySubmissions()).filter((s) => s.key === detail.id);
      expect(recorded).to.have.length(1);
      const [submission] = recorded;
      expect(submission!.path).to.equal(c.relayPath);
      part(widget, '[part="success"]');
      expect(submission!.body.consent).to.deep.equal([
        { purpose: 'email', granted: true, textVersion: 'tract-widgets-2026-11', textHash: await sha256(shownText), language: 'fr' },
      ]);
      expect(submission!.bot?.honeypot).to.equal('');
      expect(submission!.bot?.fillMs).to.be.a('number');
      expect(submission!.bot?.challenge).to.be.a('string');
      // The challenge was its own form's: a busy form asks more work of it.
      expect(submission!.challengeForm).to.equal(c.form);
      await expectAccessible(widget);
    });

    it('says it is saved while offline, then sends it exactly once when back online', async () => {
      const widget = await mount(c, 'en');
      await c.fill(widget);
      await setOffline(true);
      try {
        const queued = oneEvent(widget, 'tract-queued');
        await submitForm(widget);
        const { detail } = await queued;
        await settle(widget);
        expect(statusText(widget)).to.equal(widgetLocales.en.queued);
        await expectAccessible(widget);
        const submitted = oneEvent(widget, 'tract-submitted');
        await setOffline(false);
        expect((await submitted).detail.id).to.equal(detail.id);
        expect(await recordedTimes(detail.id)).to.equal(1);
      } finally {
        await setOffline(false);
      }
    });

    it('can be completed with the keyboard alone', async () => {
      const widget = await mount(c, 'en');
      const first = widget.shadowRoot!.querySelector<HTMLElement>('form input, form textarea')!;
      first.focus();
      const submitted = oneEvent(widget, 'tract-submitted');
      await c.keyboard(widget);
      const { detail } = await submitted;
      expect(await recordedTimes(detail.id)).to.equal(1);
    });
  });
}

/** Tabs `count` times. */
export async function tab(count = 1): Promise<void> {
  for (let i = 0; i < count; i++) await sendKeys({ press: 'Tab' });
}

/** Presses one key (`Enter`, `Space`, `ArrowDown`...). */
export function press(key: string): Promise<void> {
  return sendKeys({ press: key });
}

/** Types text into the focused field. */
export function typeKeys(text: string): Promise<void> {
  return sendKeys({ type: text });
}
