/**
 * `<tract-console>`: signs in with a token, then shows the screens the
 * token's role may use. The relay enforces the roles; the console only
 * leaves out what the relay would refuse.
 */
import { html, LitElement, type TemplateResult } from 'lit';
import { ApiError } from '../shared/api.js';
import type { Locale } from '../shared/i18n.js';
import { baseStyles } from '../shared/styles.js';
import { api, i18n, type Session } from './context.js';
import { shellStyles } from './shell-styles.js';
import './screens/overview.js';
import './screens/people.js';
import './screens/person.js';
import './screens/contacts.js';
import './screens/gdpr.js';
import './screens/deliveries.js';
import './screens/audit.js';
import './screens/donations.js';
import './screens/tokens.js';
import './screens/field-lists.js';

/** The screens each role may open, in menu order. */
const SCREENS: Record<Session['role'], string[]> = {
  admin: ['overview', 'people', 'contacts', 'field', 'gdpr', 'deliveries', 'donations', 'audit', 'tokens'],
  organizer: ['overview', 'contacts'],
};

/** The screen and its argument named by the address's fragment (`#/person/<id>`, `#/gdpr?email=…`). */
function route(): { screen: string; arg: string; params: URLSearchParams } {
  const [path = '', query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [screen = '', arg = ''] = path.split('/');
  return { screen, arg: decodeURIComponent(arg), params: new URLSearchParams(query) };
}

export class TractConsole extends LitElement {
  static override styles = [baseStyles, shellStyles];
  static override properties = {
    session: { state: true },
    where: { state: true },
    signInError: { state: true },
    busy: { state: true },
  };

  // Declared, not initialised as class fields: a field would hide the reactive accessor Lit defines.
  declare session: Session | undefined;
  declare signInError: string;
  declare busy: boolean;
  declare where: ReturnType<typeof route>;
  #onHash = () => {
    this.where = route();
    // A new screen: its heading is where a keyboard or screen-reader user lands.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#main')?.focus());
  };
  #unsubscribe: (() => void) | undefined;

  constructor() {
    super();
    this.signInError = '';
    this.busy = false;
    this.where = route();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The page has no stylesheet of its own (no inline style under the policy): the console fills it.
    document.body.style.margin = '0';
    this.#unsubscribe = i18n.subscribe(() => this.requestUpdate());
    document.title = i18n.t.appTitle;
    window.addEventListener('hashchange', this.#onHash);
    if (api.token) void this.#openSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    window.removeEventListener('hashchange', this.#onHash);
  }

  override updated(): void {
    const screen = this.session ? i18n.t.screens[this.where.screen || 'overview'] : i18n.t.signIn.title;
    document.title = `${screen ? `${screen} — ` : ''}${i18n.t.appTitle}`;
  }

  async #openSession(): Promise<void> {
    this.busy = true;
    try {
      this.session = await api.get<Session>('/v1/admin/session');
      this.signInError = '';
    } catch (error) {
      api.forget();
      this.session = undefined;
      this.signInError = error instanceof ApiError && error.status === 401 ? i18n.t.signIn.refused : i18n.t.signIn.unreachable;
    } finally {
      this.busy = false;
    }
  }

  #signIn(event: SubmitEvent): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
    const token = input.value.trim();
    if (!token) {
      this.signInError = i18n.t.signIn.empty;
      input.focus();
      return;
    }
    api.remember(token);
    input.value = '';
    void this.#openSession().then(() => {
      if (!this.session) this.renderRoot.querySelector<HTMLInputElement>('#token')?.focus();
    });
  }

  #signOut(): void {
    api.forget();
    this.session = undefined;
  }

  #languagePicker(): TemplateResult {
    const t = i18n.t;
    return html`<label class="language"
      ><span>${t.language}</span>
      <select @change=${(e: Event) => i18n.set((e.target as HTMLSelectElement).value as Locale)}>
        <option value="en" lang="en" ?selected=${i18n.locale === 'en'}>English</option>
        <option value="fr" lang="fr" ?selected=${i18n.locale === 'fr'}>Français</option>
      </select></label
    >`;
  }

  #signInForm(): TemplateResult {
    const t = i18n.t.signIn;
    return html`<main id="main" class="sign-in">
      <h1>${t.title}</h1>
      <p>${t.intro}</p>
      <form @submit=${this.#signIn} novalidate>
        <div class="field">
          <label for="token">${t.token}</label>
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="off"
            spellcheck="false"
            aria-describedby="sign-in-error"
            aria-invalid=${this.signInError ? 'true' : 'false'}
          />
        </div>
        <p id="sign-in-error" class="error" role="alert">${this.signInError}</p>
        <button type="submit" ?disabled=${this.busy}>${t.submit}</button>
      </form>
    </main>`;
  }

  override render(): TemplateResult {
    const t = i18n.t;
    return html`<a class="skip" href="#main" @click=${this.#skip}>${t.skipToContent}</a>
      <header>
        <p class="brand">${t.appTitle}</p>
        ${this.#languagePicker()}
        ${
          this.session
            ? html`<p class="who">${t.signedInAs(this.session.name, t.roles[this.session.role] ?? this.session.role)}</p>
              <button class="secondary" @click=${this.#signOut}>${t.signOut}</button>`
            : ''
        }
      </header>
      ${this.session ? this.renderSignedIn(this.session) : this.#signInForm()}`;
  }

  #skip(event: Event): void {
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>('#main')?.focus();
  }

  protected renderSignedIn(session: Session): TemplateResult {
    const t = i18n.t;
    const allowed = SCREENS[session.role];
    const { screen: asked, arg, params } = this.where;
    const screen = asked === 'person' && session.role === 'admin' ? 'person' : allowed.includes(asked) ? asked : 'overview';
    const current = screen === 'person' ? 'people' : screen;
    return html`<nav aria-label=${t.nav}>
        <ul>
          ${allowed.map(
            (name) => html`<li><a href=${`#/${name}`} aria-current=${name === current ? 'page' : 'false'}>${t.screens[name]}</a></li>`,
          )}
        </ul>
      </nav>
      <main id="main" tabindex="-1">${this.#screen(screen, arg, params, session)}</main>`;
  }

  #screen(screen: string, arg: string, params: URLSearchParams, session: Session): TemplateResult {
    switch (screen) {
      case 'people':
        return html`<tract-people .session=${session}></tract-people>`;
      case 'person':
        return html`<tract-person .session=${session} .personId=${arg}></tract-person>`;
      case 'contacts':
        return html`<tract-contacts .session=${session}></tract-contacts>`;
      case 'gdpr':
        return html`<tract-gdpr .session=${session} .email=${params.get('email') ?? ''}></tract-gdpr>`;
      case 'deliveries':
        return html`<tract-deliveries .session=${session}></tract-deliveries>`;
      case 'donations':
        return html`<tract-donations .session=${session}></tract-donations>`;
      case 'audit':
        return html`<tract-audit .session=${session}></tract-audit>`;
      case 'tokens':
        return html`<tract-tokens .session=${session}></tract-tokens>`;
      case 'field':
        return html`<tract-field-screen></tract-field-screen>`;
      default:
        return html`<tract-overview .session=${session}></tract-overview>`;
    }
  }
}

customElements.define('tract-console', TractConsole);
