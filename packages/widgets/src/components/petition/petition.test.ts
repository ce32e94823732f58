/// <reference types="mocha" />
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './define.js';
import { widgetLocales } from '../../i18n/index.js';
import { expectAccessible } from '../../test/axe.js';
import { click, loaded, part, settle, type } from '../../test/dom.js';
import { relaySubmissions } from '../../test/relay.js';
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
import type { TractPetition } from './petition.js';

const petition: WidgetCase = {
  tag: 'tract-petition',
  kind: 'petition_signature',
  attributes: { petition: 'demo-petition' },
  relayPath: '/v1/petitions/demo-petition/signatures',
  form: 'petition_signature:demo-petition',
  ready: loaded,
  async fill(widget) {
    type(widget, 'input[name="person.email"]', 'dominique@example.fr');
  },
  async keyboard() {
    await typeKeys('Dominique');
    await tab();
    await typeKeys('Durand');
    await tab();
    await typeKeys('dominique.keyboard@example.fr');
    await tab(4); // postal code, comment, public listing, consent
    await press('Space');
    await tab(2); // privacy link, submit
    await press('Enter');
  },
};

runSharedBehaviour(petition);

async function mountPetition(lang: 'fr' | 'en', id = 'demo-petition'): Promise<TractPetition> {
  const widget = await fixture<TractPetition>(
    html`<tract-petition lang=${lang} petition=${id} controller=${CONTROLLER} privacy-url=${PRIVACY_URL}></tract-petition>`,
  );
  if (id === 'demo-petition') await loaded(widget);
  return widget;
}

describe('<tract-petition>', () => {
  it('shows the title, the live count and a progress bar towards the goal, in the locale', async () => {
    const widget = await mountPetition('fr');
    const facts = widget.facts!;
    expect(part(widget, 'h2').textContent).to.equal('Sauvons la ligne 12');
    expect(part(widget, '.count').textContent).to.equal(widgetLocales.fr.petition.signatures(facts.signatureCount, 1000));
    expect(part(widget, '.count').textContent).to.contain(`sur ${(1000).toLocaleString('fr')} nécessaires`);
    const progress = part<HTMLProgressElement>(widget, 'progress');
    expect(progress.max).to.equal(1000);
    expect(progress.value).to.equal(facts.signatureCount);
  });

  it('sends the comment and the public choice, then thanks with share links that carry no personal data', async () => {
    const widget = await mountPetition('en');
    const before = widget.facts!.signatureCount;
    type(widget, 'input[name="person.email"]', 'public@example.fr');
    type(widget, 'textarea[name="comment"]', 'Every bus counts.');
    click(widget, 'input[name="isPublic"]');
    const submitted = oneEvent(widget, 'tract-submitted');
    await submitForm(widget);
    const { detail } = await submitted;
    const [recorded] = (await relaySubmissions()).filter((s) => s.key === detail.id);
    expect(recorded!.body).to.include({ petitionId: 'demo-petition', comment: 'Every bus counts.', isPublic: true });
    await settle(widget);
    expect(widget.facts!.signatureCount).to.equal(before + 1);
    expect(part(widget, '[part="success"]').textContent).to.contain(widgetLocales.en.petition.thanks);
    const links = [...widget.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[part="share"] a')];
    expect(links.map((a) => a.textContent)).to.include(widgetLocales.en.petition.shareVia('Facebook'));
    for (const link of links) expect(decodeURIComponent(link.href)).not.to.contain('public@example.fr');
    await expectAccessible(widget);
  });

  it('keeps a signature private unless the person says otherwise', async () => {
    const widget = await mountPetition('fr');
    expect(part<HTMLInputElement>(widget, 'input[name="isPublic"]').checked).to.equal(false);
    type(widget, 'input[name="person.email"]', 'private@example.fr');
    const submitted = oneEvent(widget, 'tract-submitted');
    await submitForm(widget);
    const { detail } = await submitted;
    const [recorded] = (await relaySubmissions()).filter((s) => s.key === detail.id);
    expect(recorded!.body.isPublic).to.equal(false);
  });

  it('says so when the petition cannot be loaded', async () => {
    const widget = await mountPetition('en', 'no-such-petition');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await settle(widget);
    expect(part(widget, '[role="alert"]').textContent).to.equal(widgetLocales.en.petition.loadFailed);
  });
});
