import { html, type PropertyDeclarations, type TemplateResult } from 'lit';
import { TractFormElement } from '../../core/form-element.js';
import { type PersonField, personFrom } from '../../core/person.js';
import type { WidgetMessages } from '../../i18n/index.js';
import { signupStyles } from './signup.styles.js';

/** The fields a signup form can show; `email` is always shown and required. */
export type SignupField = PersonField;

/**
 * A signup form: name, email, optional phone and postal code, and one
 * unticked consent box per purpose.
 *
 * @summary Join the campaign's list.
 * @tag tract-signup
 */
export class TractSignup extends TractFormElement {
  static override styles = signupStyles;
  static override properties: PropertyDeclarations = {
    fields: {},
    required: {},
  };
  protected readonly kind = 'signup' as const;

  /** Comma-separated fields to show: `given-name`, `family-name`, `email`, `phone`, `postal-code`. */
  declare fields: string;
  /** Comma-separated fields that must be filled (email always is). */
  declare required: string;

  constructor() {
    super();
    this.fields = 'given-name,family-name,email';
    this.required = 'email';
  }

  #has(field: SignupField, list: string): boolean {
    return field === 'email' || list.split(',').some((f) => f.trim() === field);
  }

  protected renderFields(t: WidgetMessages): TemplateResult {
    return this.renderPersonFields(
      t,
      (f) => this.#has(f, this.fields),
      (f) => this.#has(f, this.required),
    );
  }

  protected buildInput(values: FormData): Record<string, unknown> {
    return { person: personFrom(values, this.t.locale, (f) => this.#has(f, this.required)) };
  }

  protected renderDone(t: WidgetMessages): TemplateResult {
    return html`<p>${t.signup.success}</p>`;
  }

  protected submitLabel(t: WidgetMessages): string {
    return t.signup.submit;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tract-signup': TractSignup;
  }
}
