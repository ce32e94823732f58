import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { TractFormElement } from '../../core/form-element.js';
import { icsFor } from '../../core/ics.js';
import { type PersonField, personFrom } from '../../core/person.js';
import { type EventFacts, fetchEvent } from '../../core/public-facts.js';
import type { WidgetMessages } from '../../i18n/index.js';
import { rsvpStyles } from './rsvp.styles.js';

/**
 * An event RSVP: title, date and place in the reader's locale, remaining
 * places, guests, a waiting list when full, then an `.ics` file generated in
 * the browser.
 *
 * @summary Answer an event invitation.
 * @tag tract-rsvp
 * @csspart facts - The event's date, place and places left.
 * @csspart calendar - The "add to calendar" link.
 */
export class TractRsvp extends TractFormElement {
  static override styles = rsvpStyles;
  static override properties: PropertyDeclarations = {
    event: {},
    fields: {},
    maxGuests: { type: Number, attribute: 'max-guests' },
    facts: { state: true, attribute: false },
    loadFailed: { state: true, attribute: false },
    guests: { state: true, attribute: false },
  };
  protected readonly kind = 'rsvp' as const;

  /** The event's id on the relay. Required. */
  declare event: string;
  /** Comma-separated person fields to show besides email: `given-name`, `family-name`, `phone`, `postal-code`. */
  declare fields: string;
  /** Most guests a person may bring (0 hides the field); the event's own limit on the relay caps it. */
  declare maxGuests: number;

  /** The event's public facts, once loaded. */
  declare facts: EventFacts | undefined;
  /** @internal */
  declare private loadFailed: boolean;
  /** @internal */
  declare private guests: number;

  constructor() {
    super();
    this.event = '';
    this.fields = 'given-name,family-name';
    this.maxGuests = 4;
    this.loadFailed = false;
    this.guests = 0;
  }
  #icsUrl = '';

  protected override get challengeForm(): string {
    return `${this.kind}:${this.event}`;
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('event') || changed.has('endpoint')) void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#icsUrl) URL.revokeObjectURL(this.#icsUrl);
  }

  async #load(): Promise<void> {
    if (!this.event) return;
    try {
      this.facts = await fetchEvent(this.relayUrl, this.event);
      this.loadFailed = false;
    } catch {
      this.loadFailed = true;
    }
  }

  /** Whether this answer would go to the waiting list. */
  get #full(): boolean {
    const remaining = this.facts?.remaining;
    return remaining !== null && remaining !== undefined && remaining < 1 + this.guests;
  }

  protected override renderIntro(t: WidgetMessages): TemplateResult | typeof nothing {
    if (this.loadFailed) return html`<p class="error" role="alert">${t.rsvp.loadFailed}</p>`;
    const facts = this.facts;
    if (!facts) return nothing;
    const when = new Intl.DateTimeFormat(t.locale, { dateStyle: 'full', timeStyle: 'short', timeZone: facts.timeZone });
    const start = new Date(facts.startsAt);
    const date = facts.endsAt ? when.formatRange(start, new Date(facts.endsAt)) : when.format(start);
    return html`<h2>${facts.title}</h2>
      <p>${facts.description}</p>
      <dl class="facts" part="facts">
        <dt>${t.rsvp.when}</dt>
        <dd>${date}</dd>
        ${facts.place ? html`<dt>${t.rsvp.where}</dt><dd>${facts.place.name}, ${facts.place.address}</dd>` : nothing}
        ${facts.remaining !== null ? html`<dt>${t.rsvp.places}</dt><dd>${t.rsvp.remaining(facts.remaining)}</dd>` : nothing}
      </dl>
      ${facts.open ? nothing : html`<p role="status">${t.rsvp.closed}</p>`}`;
  }

  #onGuests = (event: Event) => {
    this.guests = Number((event.target as HTMLInputElement).value) || 0;
  };

  protected renderFields(t: WidgetMessages): TemplateResult {
    const shown = (f: PersonField) => this.fields.split(',').some((x) => x.trim() === f);
    this.registerLabel('guests', t.field.guests);
    const maxGuests = Math.min(this.maxGuests, this.facts?.maxGuests ?? this.maxGuests);
    return html`${this.renderPersonFields(t, shown, (f) => f === 'email')}
    ${
      maxGuests > 0
        ? html`<div class="field" part="field">
          <label for="f-guests" part="label">${t.field.guests}</label>
          <input id="f-guests" name="guests" part="input" type="number" inputmode="numeric" min="0" max=${maxGuests} value="0"
            autocomplete="off" @input=${this.#onGuests} aria-invalid=${this.issueFor('guests') ? 'true' : nothing}
            aria-describedby=${this.describedBy('guests')} />
          ${this.renderError('guests')}
        </div>`
        : nothing
    }
    ${this.#full ? html`<p role="status">${t.rsvp.full}</p>` : nothing}`;
  }

  protected buildInput(values: FormData): Record<string, unknown> {
    const guests = Number(values.get('guests') ?? 0);
    return { eventId: this.event, person: personFrom(values, this.t.locale), guests, status: 'attending' };
  }

  /** A local `.ics` for the event: the details never go to a calendar service. */
  #calendarUrl(): string {
    if (!this.facts) return '';
    if (this.#icsUrl) URL.revokeObjectURL(this.#icsUrl);
    const ics = icsFor({ ...this.facts, url: `${location.origin}${location.pathname}` }, location.host || 'tract');
    this.#icsUrl = URL.createObjectURL(new Blob([ics], { type: 'text/calendar' }));
    return this.#icsUrl;
  }

  protected renderDone(t: WidgetMessages): TemplateResult {
    const waitlisted = this.receipt?.status === 'waitlisted';
    return html`<p>${waitlisted ? t.rsvp.waitlisted : t.rsvp.accepted}</p>
      ${
        this.facts && !waitlisted
          ? html`<a class="link" part="calendar" href=${this.#calendarUrl()} download="${this.facts.id}.ics">${t.rsvp.addToCalendar}</a>`
          : nothing
      }`;
  }

  protected submitLabel(t: WidgetMessages): string {
    return this.#full ? t.rsvp.waitlistSubmit : t.rsvp.submit;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tract-rsvp': TractRsvp;
  }
}
