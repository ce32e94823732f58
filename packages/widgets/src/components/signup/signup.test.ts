/// <reference types="mocha" />

import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { messageFor } from '@tract/sdk';
import './define.js';
import { widgetLocales } from '../../i18n/index.js';
import { click, part, settle, shown, type } from '../../test/dom.js';
import { chromiumAutofill, relaySubmissions } from '../../test/relay.js';
import {
  CONTROLLER,
  PRIVACY_URL,
  press,
  runSharedBehaviour,
  submitForm,
  tab,
  typeKeys,
  type WidgetCase,
} from '../../test/shared-behaviour.js';
import type { TractSignup } from './signup.js';

const signup: WidgetCase = {
  tag: 'tract-signup',
  kind: 'signup',
  attributes: { fields: 'given-name,family-name,email,phone,postal-code', tags: 'newsletter, lyon' },
  relayPath: '/v1/signups',
  form: 'signup',
  async fill(widget) {
    type(widget, 'input[name="person.givenName"]', 'Camille');
    type(widget, 'input[name="person.email"]', 'camille@example.fr');
  },
  async keyboard() {
    await typeKeys('Camille');
    await tab();
    await typeKeys('Martin');
    await tab();
    await typeKeys('camille.keyboard@example.fr');
    await tab(3); // phone, postal code, then the consent box
    await press('Space');
    await tab(2); // privacy link, submit
    await press('Enter');
  },
};

runSharedBehaviour(signup);

describe('<tract-signup>', () => {
  it('shows only the fields asked for, and requires what `required` names', async () => {
    const widget = await fixture<TractSignup>(
      html`<tract-signup lang="en" controller=${CONTROLLER} privacy-url=${PRIVACY_URL} fields="email,phone" required="phone"></tract-signup>`,
    );
    expect(widget.shadowRoot!.querySelector('input[name="person.givenName"]')).to.equal(null);
    type(widget, 'input[name="person.email"]', 'camille@example.fr');
    click(widget, 'form button[type="submit"]');
    expect((await shown(widget, '#f-person-phone-error')).textContent).to.equal(messageFor('invalid_phone', 'en'));
  });

  it('offers each purpose of the `consent` attribute as its own box', async () => {
    const widget = await fixture<TractSignup>(
      html`<tract-signup lang="fr" controller=${CONTROLLER} privacy-url=${PRIVACY_URL} consent="email,sms"></tract-signup>`,
    );
    const boxes = [...widget.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name^="consent."]')].map((b) => b.name);
    expect(boxes).to.deep.equal(['consent.email', 'consent.sms']);
    expect(part(widget, 'fieldset[part="consent"]').textContent).to.contain(widgetLocales.fr.consent.sms(CONTROLLER));
  });

  it('speaks the nearest lang ancestor and follows it when it changes', async () => {
    const wrapper = await fixture(
      html`<div lang="fr"><tract-signup controller=${CONTROLLER} privacy-url=${PRIVACY_URL}></tract-signup></div>`,
    );
    const widget = wrapper.querySelector('tract-signup')!;
    expect(part(widget, 'button[part="submit"]').textContent).to.equal(widgetLocales.fr.signup.submit);
    wrapper.setAttribute('lang', 'en');
    await new Promise((resolve) => setTimeout(resolve));
    await settle(widget);
    expect(part(widget, 'button[part="submit"]').textContent).to.equal(widgetLocales.en.signup.submit);
  });

  it('sends the tags, the source and the page language with the person', async () => {
    const widget = await fixture<TractSignup>(
      html`<tract-signup lang="en" controller=${CONTROLLER} privacy-url=${PRIVACY_URL} tags="newsletter, lyon"></tract-signup>`,
    );
    type(widget, 'input[name="person.email"]', 'tags@example.fr');
    const submitted = oneEvent(widget, 'tract-submitted');
    await submitForm(widget);
    const { detail } = await submitted;
    const [recorded] = (await relaySubmissions()).filter((s) => s.key === detail.id);
    expect(recorded!.body.tags).to.deep.equal(['newsletter', 'lyon']);
    expect(recorded!.body.person).to.deep.equal({ email: 'tags@example.fr', language: 'en' });
    expect(recorded!.body.consent).to.deep.equal([]);
    expect((recorded!.body.source as { pageUrl: string }).pageUrl).to.match(/^http:\/\/localhost:\d+\//);
  });

  it('asks the person to confirm from their mailbox when the relay waits for it, in their language', async () => {
    for (const lang of ['fr', 'en'] as const) {
      const widget = await fixture<TractSignup>(
        html`<tract-signup lang=${lang} controller=${CONTROLLER} privacy-url=${PRIVACY_URL}></tract-signup>`,
      );
      type(widget, 'input[name="person.email"]', `confirm.${lang}@example.fr`);
      const submitted = oneEvent(widget, 'tract-submitted');
      await submitForm(widget);
      const { detail } = await submitted;
      expect(detail).to.include({ status: 'pending', confirmation: 'email' });
      await settle(widget);
      const done = part(widget, '[part="success"]').textContent!;
      expect(done).to.contain(widgetLocales[lang].confirmByEmail);
      expect(done).not.to.contain(widgetLocales[lang].signup.success);
    }
  });

  it('prefills from the page URL and records its utm_* without the personal parameters', async () => {
    const original = location.href;
    history.replaceState(null, '', `${location.pathname}?email=prefill%40example.fr&given_name=Dominique&utm_source=newsletter&refcode=r1`);
    try {
      const widget = await fixture<TractSignup>(
        html`<tract-signup lang="fr" controller=${CONTROLLER} privacy-url=${PRIVACY_URL}></tract-signup>`,
      );
      expect(part<HTMLInputElement>(widget, 'input[name="person.email"]').value).to.equal('prefill@example.fr');
      expect(part<HTMLInputElement>(widget, 'input[name="person.givenName"]').value).to.equal('Dominique');
      const submitted = oneEvent(widget, 'tract-submitted');
      await submitForm(widget);
      const { detail } = await submitted;
      const [recorded] = (await relaySubmissions()).filter((s) => s.key === detail.id);
      const source = recorded!.body.source as Record<string, string>;
      expect(source).to.include({ utmSource: 'newsletter', refcode: 'r1' });
      expect(source.pageUrl).to.contain('utm_source=newsletter');
      expect(source.pageUrl).not.to.contain('prefill');
      expect(source.pageUrl).not.to.contain('Dominique');
    } finally {
      history.replaceState(null, '', original);
    }
  });

  it('puts the relay’s field issues back on the fields, in the widget’s language', async () => {
    const widget = await fixture<TractSignup>(
      html`<tract-signup lang="fr" controller=${CONTROLLER} privacy-url=${PRIVACY_URL}></tract-signup>`,
    );
    type(widget, 'input[name="person.email"]', 'taken@example.org');
    const failed = oneEvent(widget, 'tract-error');
    await submitForm(widget);
    await failed;
    await settle(widget);
    expect(part(widget, 'input[name="person.email"]').getAttribute('aria-invalid')).to.equal('true');
    expect(part(widget, '#f-person-email-error').textContent).to.equal(messageFor('invalid_email', 'fr'));
  });

  it('lets Chromium’s own autofill fill its inputs inside the shadow root', async () => {
    const widget = await fixture<TractSignup>(
      html`<tract-signup lang="en" controller=${CONTROLLER} privacy-url=${PRIVACY_URL} fields="given-name,family-name,email,postal-code"></tract-signup>`,
    );
    const filled = await chromiumAutofill('tract-signup', 'input[name="person.email"]', {
      NAME_FIRST: 'Camille',
      NAME_LAST: 'Martin',
      EMAIL_ADDRESS: 'camille@example.fr',
      ADDRESS_HOME_ZIP: '69001',
    });
    expect(filled.map((f) => f.autofillType).length).to.be.greaterThan(0);
    expect(part<HTMLInputElement>(widget, 'input[name="person.givenName"]').value).to.equal('Camille');
    expect(part<HTMLInputElement>(widget, 'input[name="person.email"]').value).to.equal('camille@example.fr');
    expect(part<HTMLInputElement>(widget, 'input[name="person.postalCode"]').value).to.equal('69001');
  });
});
