import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { TractFormElement } from '../../core/form-element.js';
import { type PersonField, personFrom } from '../../core/person.js';
import { fetchPetition, type PetitionFacts } from '../../core/public-facts.js';
import type { WidgetMessages } from '../../i18n/index.js';
import { petitionStyles } from './petition.styles.js';

/** Plain share links, for browsers without the Web Share API. */
const SHARE_LINKS: [network: string, href: (url: string, title: string) => string][] = [
  ['X', (url, title) => `https://x.com/intent/post?text=${encodeURIComponent(title)}&url=${encodeURIComponent(url)}`],
  ['Facebook', (url) => `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`],
  ['WhatsApp', (url, title) => `https://wa.me/?text=${encodeURIComponent(`${title} ${url}`)}`],
  ['Bluesky', (url, title) => `https://bsky.app/intent/compose?text=${encodeURIComponent(`${title} ${url}`)}`],
  ['E-mail', (url, title) => `mailto:?subject=${encodeURIComponent(title)}&body=${encodeURIComponent(url)}`],
];

/**
 * A petition: its title, description and live signature count with a
 * progress bar, then a thank-you view with share links. Signing never
 * subscribes anyone: newsletter consent is its own unticked box.
 *
 * @summary Sign a petition.
 * @tag tract-petition
 * @csspart progress - The progress bar towards the goal.
 * @csspart share - The list of share links.
 */
export class TractPetition extends TractFormElement {
  static override styles = petitionStyles;
  static override properties: PropertyDeclarations = {
    petition: {},
    fields: {},
    noComment: { type: Boolean, attribute: 'no-comment' },
    facts: { state: true, attribute: false },
    loadFailed: { state: true, attribute: false },
  };
  protected readonly kind = 'petition_signature' as const;

  /** The petition's id on the relay. Required. */
  declare petition: string;
  /** Comma-separated person fields to show besides email: `given-name`, `family-name`, `phone`, `postal-code`. */
  declare fields: string;
  /** Hides the optional comment box. */
  declare noComment: boolean;

  /** The petition's public facts, once loaded. */
  declare facts: PetitionFacts | undefined;
  /** @internal */
  declare private loadFailed: boolean;

  constructor() {
    super();
    this.petition = '';
    this.fields = 'given-name,family-name,postal-code';
    this.noComment = false;
    this.loadFailed = false;
  }

  protected override get challengeForm(): string {
    return `${this.kind}:${this.petition}`;
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('petition') || changed.has('endpoint')) void this.#load();
  }

  async #load(): Promise<void> {
    if (!this.petition) return;
    try {
      this.facts = await fetchPetition(this.relayUrl, this.petition);
      this.loadFailed = false;
    } catch {
      this.loadFailed = true;
    }
  }

  protected override renderIntro(t: WidgetMessages): TemplateResult | typeof nothing {
    if (this.loadFailed) return html`<p class="error" role="alert">${t.petition.loadFailed}</p>`;
    const facts = this.facts;
    if (!facts) return nothing;
    return html`<h2>${facts.title}</h2>
      <p>${facts.description}</p>
      <p class="count" id="count">${t.petition.signatures(facts.signatureCount, facts.goal)}</p>
      <progress part="progress" max=${facts.goal} .value=${Math.min(facts.signatureCount, facts.goal)} aria-labelledby="count"></progress>
      ${facts.open ? nothing : html`<p role="status">${t.petition.closed}</p>`}`;
  }

  protected renderFields(t: WidgetMessages): TemplateResult {
    const shown = (f: PersonField) => this.fields.split(',').some((x) => x.trim() === f);
    return html`${this.renderPersonFields(t, shown, (f) => f === 'email')}
    ${this.noComment ? nothing : this.renderTextField(t, { path: 'comment', label: t.field.comment, autocomplete: 'off', multiline: true })}
      <label class="check"><input type="checkbox" name="isPublic" value="yes" /><span>${t.field.isPublic}</span></label>`;
  }

  protected buildInput(values: FormData): Record<string, unknown> {
    const input: Record<string, unknown> = {
      petitionId: this.petition,
      person: personFrom(values, this.t.locale),
      isPublic: values.get('isPublic') === 'yes',
    };
    const comment = String(values.get('comment') ?? '').trim();
    if (comment) input.comment = comment;
    return input;
  }

  protected override handleOutcome(outcome: Parameters<TractFormElement['handleOutcome']>[0]): void {
    if (outcome.status === 'sent' && this.facts) this.facts = { ...this.facts, signatureCount: this.facts.signatureCount + 1 };
    super.handleOutcome(outcome);
  }

  /** The page to share, without any query string (it may hold prefilled personal data). */
  get #shareUrl(): string {
    return `${location.origin}${location.pathname}`;
  }

  #share = () => {
    void navigator.share({ title: this.facts?.title ?? document.title, url: this.#shareUrl }).catch(() => undefined);
  };

  protected renderDone(t: WidgetMessages): TemplateResult {
    const title = this.facts?.title ?? document.title;
    const url = this.#shareUrl;
    return html`<p>${t.petition.thanks}</p>
      ${'share' in navigator ? html`<button type="button" @click=${this.#share}>${t.petition.share}</button>` : nothing}
      <ul class="share" part="share">
        ${SHARE_LINKS.map(
          ([network, href]) =>
            html`<li><a href=${href(url, title)} target="_blank" rel="noopener">${t.petition.shareVia(network)}</a></li>`,
        )}
      </ul>`;
  }

  protected submitLabel(t: WidgetMessages): string {
    return t.petition.submit;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tract-petition': TractPetition;
  }
}
