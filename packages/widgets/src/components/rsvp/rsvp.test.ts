/// <reference types="mocha" />
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './define.js';
import { widgetLocales } from '../../i18n/index.js';
import { expectAccessible } from '../../test/axe.js';
import { loaded, part, settle, type } from '../../test/dom.js';
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
import type { TractRsvp } from './rsvp.js';

const rsvp: WidgetCase = {
  tag: 'tract-rsvp',
  kind: 'rsvp',
  attributes: { event: 'demo-event' },
  relayPath: '/v1/events/demo-event/rsvps',
  form: 'rsvp:demo-event',
  ready: loaded,
  async fill(widget) {
    type(widget, 'input[name="person.email"]', 'alex@example.fr');
  },
  async keyboard() {
    await typeKeys('Alex');
    await tab();
    await typeKeys('Petit');
    await tab();
    await typeKeys('alex.keyboard@example.fr');
    await tab(); // guests
    await press('ArrowUp');
    await tab(); // consent
    await press('Space');
    await tab(2); // privacy link, submit
    await press('Enter');
  },
};

runSharedBehaviour(rsvp);

async function mountRsvp(lang: 'fr' | 'en', id = 'demo-event'): Promise<TractRsvp> {
  const widget = await fixture<TractRsvp>(
    html`<tract-rsvp lang=${lang} event=${id} controller=${CONTROLLER} privacy-url=${PRIVACY_URL}></tract-rsvp>`,
  );
  await loaded(widget);
  return widget;
}

describe('<tract-rsvp>', () => {
  it('shows the date in the event’s time zone and the places left, in the locale', async () => {
    const fr = await mountRsvp('fr');
    const facts = part(fr, '[part="facts"]').textContent!.replace(/\s+/g, ' ');
    expect(facts).to.contain('samedi 12 décembre 2026');
    expect(facts).to.contain('19:00');
    expect(facts).to.contain(widgetLocales.fr.rsvp.remaining(37));
    const en = await mountRsvp('en');
    expect(part(en, '[part="facts"]').textContent).to.contain('Saturday, December 12, 2026');
  });

  it('sends the guests, then offers an .ics generated in the page', async () => {
    const widget = await mountRsvp('en');
    type(widget, 'input[name="person.email"]', 'guests@example.fr');
    type(widget, 'input[name="guests"]', '2');
    const submitted = oneEvent(widget, 'tract-submitted');
    await submitForm(widget);
    const { detail } = await submitted;
    expect(detail.status).to.equal('accepted');
    const [recorded] = (await relaySubmissions()).filter((s) => s.key === detail.id);
    expect(recorded!.body).to.include({ eventId: 'demo-event', guests: 2, status: 'attending' });
    await settle(widget);
    const link = part<HTMLAnchorElement>(widget, '[part="calendar"]');
    expect(link.protocol).to.equal('blob:');
    expect(link.download).to.equal('demo-event.ics');
    const ics = await (await fetch(link.href)).text();
    expect(ics).to.match(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).to.contain('DTSTART:20261212T180000Z\r\n');
    expect(ics).to.contain('SUMMARY:Réunion publique\r\n');
    expect(ics).to.contain('LOCATION:Salle des fêtes\\, 1 place de la Mairie\\, Lyon\r\n');
    await expectAccessible(widget);
  });

  it('never offers more guests than the event takes on the relay', async () => {
    const widget = await fixture<TractRsvp>(
      html`<tract-rsvp lang="en" event="demo-event" max-guests="10" controller=${CONTROLLER} privacy-url=${PRIVACY_URL}></tract-rsvp>`,
    );
    await loaded(widget);
    await settle(widget);
    expect(part<HTMLInputElement>(widget, 'input[name="guests"]').max).to.equal('4');
    const noGuests = await mountRsvp('en', 'full-event');
    await settle(noGuests);
    expect(noGuests.shadowRoot!.querySelector('input[name="guests"]')).to.equal(null);
  });

  it('offers the waiting list when the event is full, and says so once waitlisted', async () => {
    const widget = await mountRsvp('fr', 'full-event');
    expect(widget.shadowRoot!.textContent).to.contain(widgetLocales.fr.rsvp.full);
    expect(part(widget, 'form button[type="submit"]').textContent).to.equal(widgetLocales.fr.rsvp.waitlistSubmit);
    type(widget, 'input[name="person.email"]', 'waiting@example.fr');
    const submitted = oneEvent(widget, 'tract-submitted');
    await submitForm(widget);
    expect((await submitted).detail.status).to.equal('waitlisted');
    await settle(widget);
    expect(part(widget, '[part="success"]').textContent).to.contain(widgetLocales.fr.rsvp.waitlisted);
    await expectAccessible(widget);
  });
});
