// The owner's reference point, rebuilt here to calibrate the benchmark: a signup form
// hand-written with Lit and zod/mini, no foundation, no i18n, no offline queue.
import { css, html, LitElement } from 'lit';
import * as z from 'zod/mini';

const schema = z.object({
  givenName: z.string().check(z.minLength(1), z.maxLength(100)),
  email: z.string().check(z.email()),
  postalCode: z.optional(z.string().check(z.regex(/^[0-9A-Z -]{2,10}$/))),
  consent: z.boolean(),
});

class ReferenceSignup extends LitElement {
  static properties = { errors: { state: true } };
  static styles = css`
    :host { display: block; font: inherit; }
    form { display: grid; gap: 0.75rem; max-width: 32rem; }
    label { display: grid; gap: 0.25rem; }
    input { font: inherit; padding: 0.5rem; border: 1px solid #767676; border-radius: 4px; min-height: 24px; }
    button { font: inherit; padding: 0.5rem 1rem; border: 0; border-radius: 4px; background: #1a56db; color: #fff; min-height: 24px; }
    .error { color: #b00020; margin: 0; }
  `;
  constructor() {
    super();
    this.errors = {};
  }
  submit(event) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target));
    const result = z.safeParse(schema, { ...data, consent: data.consent === 'on' });
    this.errors = result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path[0], i.message]));
  }
  render() {
    return html`<form @submit=${this.submit} novalidate>
      <label>Prénom <input name="givenName" autocomplete="given-name" required></label>
      <label>E-mail <input name="email" type="email" autocomplete="email" required></label>
      ${this.errors.email ? html`<p class="error">${this.errors.email}</p>` : ''}
      <label>Code postal <input name="postalCode" autocomplete="postal-code"></label>
      <label><input type="checkbox" name="consent"> J'accepte de recevoir des e-mails</label>
      <button type="submit">S'inscrire</button>
    </form>`;
  }
}
customElements.define('reference-signup', ReferenceSignup);
