/// <reference types="mocha" />

import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { messageFor } from '@tract/sdk';
import './define.js';
import type { TractFormElement } from '../../core/form-element.js';
import { formatMoney } from '../../core/money.js';
import { widgetLocales } from '../../i18n/index.js';
import { expectAccessible } from '../../test/axe.js';
import { click, part, settle, type } from '../../test/dom.js';
import { relaySubmissions } from '../../test/relay.js';
import { CONTROLLER, PRIVACY_URL, press, runSharedBehaviour, tab, typeKeys, type WidgetCase } from '../../test/shared-behaviour.js';
import type { TractDonate } from './donate.js';

/** Tests stay on the page: the hand-off to the checkout is cancelled with preventDefault(). */
function stayOnPage(widget: TractFormElement): Promise<void> {
  widget.addEventListener('tract-submitted', (event) => event.preventDefault());
  return Promise.resolve();
}

async function fillDonor(widget: TractFormElement): Promise<void> {
  click(widget, 'input[name="amountChoice"]');
  click(widget, 'input[value="one_off"]');
  type(widget, 'input[name="person.givenName"]', 'Claude');
  type(widget, 'input[name="person.familyName"]', 'Bernard');
  type(widget, 'input[name="person.email"]', 'claude@example.fr');
  type(widget, 'input[name="person.postalCode"]', '69003');
  // French profiles ask for the receipt's address; others do not show it.
  if (widget.shadowRoot!.querySelector('input[name="person.addressLines"]')) {
    type(widget, 'input[name="person.addressLines"]', '8 rue Paul Bert');
    type(widget, 'input[name="person.locality"]', 'Lyon');
  }
  for (const box of widget.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="attestation"]')) box.click();
  await settle(widget);
}

const donate: WidgetCase = {
  tag: 'tract-donate',
  kind: 'donation',
  attributes: { amounts: '10,25,50', compliance: 'fr-candidate' },
  relayPath: '/v1/donations',
  form: 'donation',
  ready: stayOnPage,
  fill: fillDonor,
  async keyboard(widget) {
    await press('Space'); // first amount
    await tab(); // frequency
    await press('Space');
    await tab();
    await typeKeys('Claude');
    await tab();
    await typeKeys('Bernard');
    await tab();
    await typeKeys('claude.keyboard@example.fr');
    await tab();
    await typeKeys('69003');
    await tab();
    await typeKeys('8 rue Paul Bert');
    await tab();
    await typeKeys('Lyon');
    for (let i = 0; i < 3; i++) {
      await tab();
      await press('Space');
    }
    await tab(3); // consent, privacy link, review
    await press('Enter');
    await settle(widget);
    await tab(2); // change, confirm
    await press('Enter');
  },
};

runSharedBehaviour(donate);

async function mountDonate(lang: 'fr' | 'en', compliance = 'fr-candidate', amounts = '10,25,50'): Promise<TractDonate> {
  const widget = await fixture<TractDonate>(
    html`<tract-donate lang=${lang} compliance=${compliance} amounts=${amounts} controller=${CONTROLLER} privacy-url=${PRIVACY_URL}></tract-donate>`,
  );
  await stayOnPage(widget);
  return widget;
}

const choiceLabels = (widget: Element) =>
  [...widget.shadowRoot!.querySelectorAll('[part="amounts"] label')].map((l) => l.textContent!.replace(/\s+/g, ' ').trim());

describe('<tract-donate>', () => {
  it('formats the preset amounts with Intl in the page’s locale and preselects neither amount nor frequency', async () => {
    const fr = await mountDonate('fr');
    expect(choiceLabels(fr)).to.deep.equal(['10 €', '25 €', '50 €', widgetLocales.fr.donate.otherAmount]);
    const en = await mountDonate('en', 'us-fec');
    expect(choiceLabels(en)).to.deep.equal(['$10', '$25', '$50', widgetLocales.en.donate.otherAmount]);
    for (const radio of fr.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]')) expect(radio.checked).to.equal(false);
  });

  it('reads a custom amount typed the French way and warns before the legal cap', async () => {
    const widget = await mountDonate('fr');
    click(widget, 'input[value="other"]');
    await settle(widget);
    type(widget, '#f-amount-other', '4 600,50');
    await settle(widget);
    expect(part(widget, '[part="warning"]').textContent).to.equal(widgetLocales.fr.donate.capWarning(formatMoney(460_000, 'EUR', 'fr')));
    type(widget, '#f-amount-other', '25,50');
    await settle(widget);
    expect(part(widget, '[part="warning"]').textContent).to.equal('');
  });

  it('asks for employer and occupation above USD 200 under us-fec, with the FEC attestations', async () => {
    const widget = await mountDonate('en', 'us-fec', '50,250');
    const attestations = [...widget.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="attestation"]')].map((a) => a.value);
    expect(attestations).to.deep.equal(['us_citizen_or_permanent_resident', 'own_funds', 'not_federal_contractor', 'adult']);
    expect(widget.shadowRoot!.querySelector('input[name="compliance.employer"]')).to.equal(null);
    await fillDonor(widget);
    click(widget, 'input[value="25000"]');
    await settle(widget);
    expect(part<HTMLInputElement>(widget, 'input[name="compliance.employer"]').autocomplete).to.equal('organization');
    click(widget, 'form button[type="submit"]');
    await settle(widget);
    expect(part(widget, '#f-compliance-employer-error').textContent).to.equal(messageFor('employer_required', 'en'));
    expect(part(widget, '#f-compliance-occupation-error').textContent).to.equal(messageFor('occupation_required', 'en'));
    await expectAccessible(widget);
  });

  it('shows the UK permissibility rule', async () => {
    const widget = await mountDonate('en', 'uk');
    expect(part(widget, '#f-amount-hint').textContent).to.contain(widgetLocales.en.donate.permissibilityInfo('£500'));
    expect([...widget.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="attestation"]')].map((a) => a.value)).to.deep.equal([
      'uk_permissible_donor',
    ]);
  });

  it('refuses to go on while an attestation is unticked', async () => {
    const widget = await mountDonate('fr');
    await fillDonor(widget);
    click(widget, 'input[value="own_funds"]');
    click(widget, 'form button[type="submit"]');
    await settle(widget);
    expect(part(widget, '#f-compliance-attestations-error').textContent).to.equal(messageFor('attestation_missing', 'fr'));
    expect(widget.shadowRoot!.querySelector('[part="review"]')).to.equal(null);
  });

  it('sends nothing before the donor confirms the review, then hands off to the checkout URL', async () => {
    const widget = await mountDonate('fr');
    await fillDonor(widget);
    const before = (await relaySubmissions()).length;
    click(widget, 'form button[type="submit"]');
    await settle(widget);
    const review = part(widget, '[part="review"]');
    expect(review.textContent!.replace(/\s+/g, ' ')).to.contain(widgetLocales.fr.donate.reviewAmount('10 €', false));
    expect(widget.shadowRoot!.activeElement?.id).to.equal('review-heading');
    expect((await relaySubmissions()).length).to.equal(before);
    await expectAccessible(widget);
    const submitted = oneEvent(widget, 'tract-submitted');
    click(widget, '.review button[part="submit"]');
    const { detail } = await submitted;
    expect(detail.status).to.equal('pending');
    expect(detail.checkoutUrl).to.equal(`${location.origin}/checkout?reference=${detail.id}`);
    const [recorded] = (await relaySubmissions()).filter((s) => s.key === detail.id);
    expect(recorded!.body).to.deep.include({ amount: 1000, currency: 'EUR', recurrence: 'one_off' });
    expect(recorded!.body.compliance).to.deep.equal({
      profile: 'fr-candidate',
      textVersion: 'tract-widgets-2026-11',
      attestations: ['natural_person', 'fr_national_or_resident', 'own_funds'],
    });
    await settle(widget);
    expect(part<HTMLAnchorElement>(widget, '[part="success"] a').href).to.equal(detail.checkoutUrl);
  });

  it('lets the donor go back from the review to the form as it was', async () => {
    const widget = await mountDonate('en');
    await fillDonor(widget);
    click(widget, 'form button[type="submit"]');
    await settle(widget);
    click(widget, '.review button.secondary');
    await settle(widget);
    expect(widget.shadowRoot!.querySelector('[part="review"]')).to.equal(null);
    expect(part<HTMLInputElement>(widget, 'input[name="person.email"]').value).to.equal('claude@example.fr');
    expect(widget.shadowRoot!.activeElement?.getAttribute('name')).to.equal('amountChoice');
  });
});

describe('<tract-donate> back from the checkout', () => {
  const original = location.href;
  afterEach(() => history.replaceState(null, '', original));

  /** The page as the checkout sends the donor back to it. */
  async function returnTo(query: string, lang: 'fr' | 'en') {
    history.replaceState(null, '', `${location.pathname}?${query}`);
    return mountDonate(lang);
  }

  const statusPanel = (widget: TractDonate) => widget.shadowRoot!.querySelector<HTMLElement>('[part="payment-status"]');

  it('thanks the donor once the relay says paid, hides the form, and dispatches tract-donation-paid', async () => {
    const paid = oneEvent(document, 'tract-donation-paid');
    const widget = await returnTo('tract_pledge=paidAAAAAAAAAAAAAAAAAA', 'fr');
    const { detail } = await paid;
    expect(detail).to.deep.equal({ statusId: 'paidAAAAAAAAAAAAAAAAAA', status: 'paid', cancelled: false });
    expect(statusPanel(widget)!.textContent).to.equal('Merci ! Votre don est confirmé.');
    expect(statusPanel(widget)!.getAttribute('role')).to.equal('status');
    expect(widget.shadowRoot!.querySelector('form')!.hidden).to.equal(true);
    await expectAccessible(widget);
  });

  it('says a failed payment was not charged and keeps the form to retry, in English', async () => {
    const failed = oneEvent(document, 'tract-donation-failed');
    const widget = await returnTo('tract_pledge=failedAAAAAAAAAAAAAAAA', 'en');
    expect((await failed).detail.status).to.equal('failed');
    expect(statusPanel(widget)!.textContent).to.contain('did not go through');
    expect(widget.shadowRoot!.querySelector('form')!.hidden).to.equal(false);
  });

  it('keeps asking while the payment is being confirmed, then thanks', async () => {
    const pending = oneEvent(document, 'tract-donation-pending');
    const widget = await returnTo('tract_pledge=pendingAAAAAAAAAAAAAAA', 'en');
    expect((await pending).detail.status).to.equal('pending');
    expect(statusPanel(widget)!.textContent).to.contain('being confirmed');
    const paid = await oneEvent(document, 'tract-donation-paid');
    expect(paid.detail.status).to.equal('paid');
    expect(statusPanel(widget)!.textContent).to.equal('Thank you! Your donation is confirmed.');
  });

  it('tells a donor who left the checkout that nothing was charged', async () => {
    const pending = oneEvent(document, 'tract-donation-pending');
    const widget = await returnTo('tract_pledge=pendingBBBBBBBBBBBBBBB&tract_return=cancel', 'fr');
    expect((await pending).detail).to.deep.include({ status: 'pending', cancelled: true });
    expect(statusPanel(widget)!.textContent).to.contain('rien n’a été prélevé');
  });

  it('shows nothing for an address without a valid status id', async () => {
    const widget = await returnTo('tract_pledge=nope', 'en');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(statusPanel(widget)).to.equal(null);
  });
});

describe('<tract-donate> receipt address', () => {
  it('asks donors to a French campaign for their street address and town, labelled, with autocomplete, and sends them', async () => {
    const widget = await mountDonate('fr');
    const address = part<HTMLInputElement>(widget, 'input[name="person.addressLines"]');
    const town = part<HTMLInputElement>(widget, 'input[name="person.locality"]');
    expect(address.autocomplete).to.equal('street-address');
    expect(town.autocomplete).to.equal('address-level2');
    expect(widget.shadowRoot!.querySelector(`label[for="${address.id}"]`)!.textContent).to.contain('Adresse');
    expect(widget.shadowRoot!.querySelector(`label[for="${town.id}"]`)!.textContent).to.contain('Commune');
    await fillDonor(widget);
    click(widget, 'form button[type="submit"]');
    await settle(widget);
    const submitted = oneEvent(widget, 'tract-submitted');
    click(widget, '.review button[part="submit"]');
    const { detail } = await submitted;
    const [recorded] = (await relaySubmissions()).filter((s) => s.key === detail.id);
    expect(recorded!.body.person).to.deep.include({ addressLines: ['8 rue Paul Bert'], locality: 'Lyon', postalCode: '69003' });
  });

  it('does not ask for it under other profiles', async () => {
    const widget = await mountDonate('en', 'us-fec');
    expect(widget.shadowRoot!.querySelector('input[name="person.addressLines"]')).to.equal(null);
  });
});
