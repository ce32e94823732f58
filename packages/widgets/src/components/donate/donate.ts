import type { Receipt } from '@tract/sdk';
import { ATTESTATIONS, COMPLIANCE_PROFILES, type ComplianceProfile, type ComplianceProfileId } from '@tract/sdk/schema';
import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { fieldId, TractFormElement } from '../../core/form-element.js';
import { languageOf } from '../../core/language.js';
import { formatMoney, parseAmount } from '../../core/money.js';
import { personFrom } from '../../core/person.js';
import type { WidgetMessages } from '../../i18n/index.js';
import { donateStyles } from './donate.styles.js';

/**
 * A donation pledge: preset or custom amount, one-off or monthly (never
 * preselected), the attestations and fields the campaign-finance profile
 * requires, a review step, then the hand-off to the payment provider's
 * checkout. The widget never sees a card number.
 *
 * @summary Pledge a donation, then pay at the provider's checkout.
 * @tag tract-donate
 * @csspart amounts - The preset amount choices.
 * @csspart review - The review step shown before any charge.
 * @csspart warning - The warning shown when an amount exceeds the legal cap.
 * @csspart payment-status - Thanks or a retry, shown above the form when the donor comes back from the checkout.
 * @event tract-donation-paid - Back from the checkout, the relay confirms the payment. `detail: { statusId, status, cancelled }`.
 * @event tract-donation-pending - Back from the checkout, the payment is not confirmed yet (the widget keeps asking for about two minutes) or the donor left the checkout (`cancelled: true`).
 * @event tract-donation-failed - Back from the checkout, the payment failed or the checkout expired: the form below lets the donor try again.
 */
export class TractDonate extends TractFormElement {
  static override styles = donateStyles;
  static override properties: PropertyDeclarations = {
    amounts: {},
    compliance: {},
    attestationVersion: { attribute: 'attestation-version' },
    amountMinor: { state: true, attribute: false },
    customAmount: { state: true, attribute: false },
    reviewing: { state: true, attribute: false },
  };
  protected readonly kind = 'donation' as const;

  /** Comma-separated preset amounts in major units (`10,25,50,100`). */
  declare amounts: string;
  /** Campaign-finance profile: `fr-candidate`, `fr-party`, `us-fec` or `uk`. Sets the currency, cap and attestations. */
  declare compliance: ComplianceProfileId;
  /** Version of the attestation texts, stored with the donation; change it when you change the texts. */
  declare attestationVersion: string;

  /** The amount chosen, in minor units (NaN until a valid amount is chosen or typed). @internal */
  declare private amountMinor: number;
  /** @internal */
  declare private customAmount: boolean;

  constructor() {
    super();
    this.amounts = '10,25,50,100';
    this.compliance = 'fr-candidate';
    this.attestationVersion = 'tract-widgets-2026-11';
    this.amountMinor = Number.NaN;
    this.customAmount = false;
  }
  /** Whether the donor is looking at the review step. @internal */
  declare private reviewing: { form: HTMLFormElement; input: Record<string, unknown> } | undefined;

  get #profile(): ComplianceProfile {
    return COMPLIANCE_PROFILES[this.compliance] ?? COMPLIANCE_PROFILES['fr-candidate'];
  }

  #money(minor: number): string {
    return formatMoney(minor, this.#profile.currency, languageOf(this));
  }

  get #presets(): number[] {
    return this.amounts
      .split(',')
      .map((a) => parseAmount(a))
      .filter((a) => a > 0);
  }

  #onAmount = (event: Event) => {
    const input = event.target as HTMLInputElement;
    if (input.name === 'amountChoice') {
      this.customAmount = input.value === 'other';
      this.amountMinor = this.customAmount ? parseAmount(this.#customText()) : Number(input.value);
    } else {
      this.amountMinor = parseAmount(input.value);
    }
  };

  #customText(): string {
    return this.renderRoot.querySelector<HTMLInputElement>('#f-amount-other')?.value ?? '';
  }

  /** A radio or checkbox group whose issue (at `path`) marks every box invalid. */
  #invalid(path: string) {
    return this.issueFor(path) ? 'true' : nothing;
  }

  protected renderFields(t: WidgetMessages): TemplateResult {
    const profile = this.#profile;
    const d = t.donate;
    this.registerLabel('amount', d.amountLegend);
    this.registerLabel('recurrence', d.recurrenceLegend);
    this.registerLabel('compliance.attestations', d.attestationsLegend);
    const overCap = profile.capMinor !== undefined && this.amountMinor > profile.capMinor;
    const employerAbove = profile.employerOccupationAboveMinor;
    const needsEmployer = employerAbove !== undefined && this.amountMinor > employerAbove;
    return html`<fieldset id=${fieldId('amount')} @change=${this.#onAmount} aria-describedby=${this.describedBy('amount', true)}>
        <legend>${d.amountLegend}</legend>
        <div class="amounts" part="amounts">
          ${this.#presets.map(
            (minor) =>
              html`<label><input type="radio" name="amountChoice" value=${minor} aria-invalid=${this.#invalid('amount')} />${this.#money(minor)}</label>`,
          )}
          <label><input type="radio" name="amountChoice" value="other" aria-invalid=${this.#invalid('amount')} />${d.otherAmount}</label>
        </div>
        <p class="hint" id="${fieldId('amount')}-hint">
          ${profile.capMinor !== undefined ? d.capInfo(this.#money(profile.capMinor), profile.rule) : nothing}
          ${profile.permissibilityCheckAboveMinor !== undefined ? d.permissibilityInfo(this.#money(profile.permissibilityCheckAboveMinor)) : nothing}
        </p>
        <div class="field" ?hidden=${!this.customAmount}>
          <label for="f-amount-other" part="label">${d.otherAmountLabel} (${profile.currency})</label>
          <input id="f-amount-other" name="amountOther" part="input" type="text" inputmode="decimal" autocomplete="transaction-amount"
            @input=${this.#onAmount} aria-invalid=${this.#invalid('amount')} aria-describedby=${this.describedBy('amount', true)} />
        </div>
        <p class="warning" part="warning" role="status">${overCap ? d.capWarning(this.#money(profile.capMinor!)) : ''}</p>
        ${this.renderError('amount')}
      </fieldset>
      <fieldset id=${fieldId('recurrence')} aria-describedby=${this.describedBy('recurrence')}>
        <legend>${d.recurrenceLegend}</legend>
        <label class="check"><input type="radio" name="recurrence" value="one_off" aria-invalid=${this.#invalid('recurrence')} /><span>${d.oneOff}</span></label>
        <label class="check"><input type="radio" name="recurrence" value="monthly" aria-invalid=${this.#invalid('recurrence')} /><span>${d.monthly}</span></label>
        ${this.renderError('recurrence')}
      </fieldset>
      ${this.renderPersonFields(
        t,
        (f) => f !== 'phone',
        (f) => f !== 'phone',
      )}
      ${
        // French campaign donations need the donor's address for the tax receipt (reçu-don).
        profile.id[0] === 'f'
          ? html`${this.renderTextField(t, { path: 'person.addressLines', label: t.field.address, autocomplete: 'street-address', required: true })}
          ${this.renderTextField(t, { path: 'person.locality', label: t.field.locality, autocomplete: 'address-level2', required: true })}`
          : nothing
      }
      ${employerAbove !== undefined ? html`<p class="hint">${d.employerInfo(this.#money(employerAbove))}</p>` : nothing}
      ${
        needsEmployer
          ? html`${this.renderTextField(t, { path: 'compliance.employer', label: t.field.employer, autocomplete: 'organization', required: true })}
          ${this.renderTextField(t, { path: 'compliance.occupation', label: t.field.occupation, autocomplete: 'organization-title', required: true })}`
          : nothing
      }
      <fieldset id=${fieldId('compliance.attestations')} aria-describedby=${this.describedBy('compliance.attestations')}>
        <legend>${d.attestationsLegend}</legend>
        ${profile.attestations.map(
          (a) =>
            html`<label class="check"><input type="checkbox" name="attestation" value=${a} aria-invalid=${this.#invalid('compliance.attestations')} /><span>${d.attestation[a]}</span></label>`,
        )}
        ${this.renderError('compliance.attestations')}
      </fieldset>`;
  }

  protected buildInput(values: FormData): Record<string, unknown> {
    const profile = this.#profile;
    const choice = values.get('amountChoice');
    const amount = choice === 'other' ? parseAmount(String(values.get('amountOther') ?? '')) : choice ? Number(choice) : undefined;
    const ticked = values.getAll('attestation').map(String);
    const compliance: Record<string, unknown> = {
      profile: profile.id,
      textVersion: this.attestationVersion,
      attestations: ATTESTATIONS.filter((a) => ticked.includes(a)),
    };
    for (const key of ['employer', 'occupation'] as const) {
      const value = String(values.get(`compliance.${key}`) ?? '').trim();
      if (value) compliance[key] = value;
    }
    const person: Record<string, unknown> = personFrom(values, this.t.locale, (f) => f !== 'phone');
    const address = values.get('person.addressLines');
    if (address !== null) {
      person.addressLines = [address];
      person.locality = values.get('person.locality');
    }
    const input: Record<string, unknown> = {
      person,
      amount: Number.isNaN(amount) ? undefined : amount,
      currency: profile.currency,
      compliance,
    };
    const recurrence = values.get('recurrence');
    if (recurrence) input.recurrence = recurrence;
    return input;
  }

  /** Validation first, then the review step: nothing is sent before the donor confirms (WCAG 3.3.4). */
  protected override async submit(form: HTMLFormElement): Promise<void> {
    const input = await this.prepare(form);
    if (!input) return;
    this.reviewing = { form, input };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#review-heading')?.focus();
  }

  #edit = async () => {
    this.reviewing = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('input[name="amountChoice"]')?.focus();
  };

  #confirm = () => {
    const reviewing = this.reviewing;
    if (!reviewing || this.phase === 'sending') return;
    void this.send(reviewing.form, reviewing.input);
  };

  /** The form stays in the DOM (hidden) during the review, so "Change" returns to it exactly as it was. */
  protected override renderForm(t: WidgetMessages): TemplateResult {
    const reviewing = this.phase === 'queued' ? undefined : this.reviewing;
    return html`<div ?hidden=${Boolean(reviewing)}>${super.renderForm(t)}</div>
      ${reviewing ? this.#renderReview(t, reviewing.input) : nothing}`;
  }

  #renderReview(t: WidgetMessages, prepared: Record<string, unknown>): TemplateResult {
    const d = t.donate;
    const input = prepared as { amount: number; recurrence: string; person: Record<string, string> };
    const name = [input.person.givenName, input.person.familyName].filter(Boolean).join(' ');
    return html`<section class="panel review" part="review" aria-labelledby="review-heading">
      <h2 id="review-heading" tabindex="-1">${d.reviewHeading}</h2>
      <dl>
        <dt>${d.amountLegend}</dt>
        <dd>${d.reviewAmount(this.#money(input.amount), input.recurrence === 'monthly')}</dd>
        <dt>${t.field.givenName} / ${t.field.familyName}</dt>
        <dd>${name}</dd>
        <dt>${t.field.email}</dt>
        <dd>${input.person.email}</dd>
      </dl>
      <div class="actions">
        <button type="button" class="secondary" @click=${this.#edit} ?disabled=${this.phase === 'sending'}>${d.edit}</button>
        <button type="button" part="submit" @click=${this.#confirm} ?disabled=${this.phase === 'sending'}>${d.confirm}</button>
      </div>
    </section>`;
  }

  protected override afterSubmitted(receipt: Receipt, proceed: boolean): void {
    if (proceed && receipt.checkoutUrl) location.assign(receipt.checkoutUrl);
  }

  protected renderDone(t: WidgetMessages): TemplateResult {
    const url = this.receipt?.checkoutUrl;
    return html`<p>${t.donate.redirecting}</p>
      ${url ? html`<a class="link" href=${url}>${t.donate.continueToPayment}</a>` : nothing}`;
  }

  /** A pledge waiting for confirmation still goes to the checkout. */
  protected override renderOutcome(t: WidgetMessages): TemplateResult {
    return this.receipt?.confirmation ? html`<p>${t.confirmByEmail}</p>${this.renderDone(t)}` : this.renderDone(t);
  }

  protected submitLabel(t: WidgetMessages): string {
    return t.donate.review;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tract-donate': TractDonate;
  }
}
