/**
 * The form foundation every widget extends, written once: configuration and
 * the mandatory information notice, language, fields with their labels,
 * `autocomplete` and errors, validation with the SDK schemas, the error
 * summary, the consent block, anti-bot signals, submission through the SDK
 * client (with its offline queue) and the events a page listens to.
 *
 * A widget only says which fields it has (`renderFields`), how their values
 * become an action (`buildInput`), and what to show once it is done.
 */
import type { Receipt, SubmitResult } from '@tract/sdk';
import { type ActionKind, CONSENT_PURPOSES, type ConsentGrant, type ConsentPurpose, type FieldIssue } from '@tract/sdk/schema';
import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { type WidgetLocale, type WidgetMessages, widgetLocaleFor, widgetLocales } from '../i18n/index.js';
import type { RelayProblem, RelayProblemTexts } from '../i18n/relay-problems.js';
import { type PrefillField, prefillFrom, sourceFrom } from './attribution.js';
import type { ChallengeSolver } from './challenge.js';
import { emit } from './events.js';
import { followLanguage, languageOf, unfollowLanguage } from './language.js';
import type { PersonField } from './person.js';

/**
 * The SDK, zod and the proof-of-work solver, fetched after the first render
 * (or at the first focus, if sooner): a form is interactive without them.
 */
let submissionModule: Promise<typeof import('./submission.js')> | undefined;
/** The same module once loaded. */
let loadedSubmission: typeof import('./submission.js') | undefined;
/** What a widget says of a relay problem, in every language: fetched with the first problem found. */
let relayTexts: Record<WidgetLocale, RelayProblemTexts> | undefined;
const loadSubmission = () => {
  submissionModule ??= import('./submission.js').then(
    (module) => (loadedSubmission = module),
    (error: unknown) => {
      // A failed load (the network dropped) is forgotten, so the next call tries again.
      submissionModule = undefined;
      throw error;
    },
  );
  return submissionModule;
};

/** Where a form is in its life: filling in, sending, done, or saved offline. */
export type FormPhase = 'filling' | 'sending' | 'done' | 'queued';

/** A text field the foundation renders. */
export interface TextFieldOptions {
  /** Dotted path of the value in the action (`person.email`); also the input's `name`. */
  path: string;
  label: string;
  /** The `autocomplete` token browsers fill from (WCAG 1.3.5). */
  autocomplete: AutoFill | 'off' | 'organization-title';
  type?: 'text' | 'email' | 'tel';
  inputmode?: 'text' | 'email' | 'tel' | 'numeric' | 'decimal';
  required?: boolean;
  hint?: string;
  /** URL prefill key, when the field can be prefilled. */
  prefill?: PrefillField;
  multiline?: boolean;
}

/** Whether `url` (absolute, or relative to the page) is an http(s) link a person can open. */
function isWebUrl(url: string): boolean {
  if (!url.trim()) return false;
  try {
    return /^https?:$/.test(new URL(url, document.baseURI).protocol);
  } catch {
    return false;
  }
}

/** Where a background step that failed is reported: the page's error reporting (the form retries when it submits). */
function reportLater(error: unknown): void {
  (globalThis.reportError ?? console.error)(error);
}

/** Turns dotted paths into ids that are valid and unique inside the shadow root. */
export const fieldId = (path: string) => `f-${path.replace(/\./g, '-')}`;

/**
 * Base class of the four widgets.
 * @cssproperty --tract-font - Font family (inherits the page's font by default).
 * @cssproperty --tract-color-primary - Buttons, ticks and links.
 * @cssproperty --tract-color-on-primary - Text on primary buttons.
 * @cssproperty --tract-color-text - Text colour (inherits by default).
 * @cssproperty --tract-color-error - Error messages and invalid fields.
 * @cssproperty --tract-color-border - Field borders.
 * @cssproperty --tract-color-surface - Field background.
 * @cssproperty --tract-color-focus - Focus ring.
 * @cssproperty --tract-radius - Corner radius of fields and buttons.
 * @cssproperty --tract-space - Gap between rows.
 * @cssproperty --tract-max-width - Widest the form grows.
 * @csspart form - The `<form>`.
 * @csspart field - Each label, input and error group.
 * @csspart label - Each field label.
 * @csspart input - Each text input and textarea.
 * @csspart error - Each field's error message.
 * @csspart summary - The error summary shown on submit.
 * @csspart consent - The consent fieldset.
 * @csspart notice - The information notice with the privacy link.
 * @csspart submit - The submit button.
 * @csspart status - The live region for sending, queued and failure messages.
 * @csspart config-error - What is shown instead of the form when the site's setup keeps it from collecting (a missing attribute, a relay that refuses this page).
 * @csspart success - The view shown once the action is recorded.
 * @event tract-submitted - The relay recorded the action. `detail: { kind, id, status, checkoutUrl? }`.
 * @event tract-queued - The person is offline; the action is saved and will be sent once. `detail: { kind, id }`.
 * @event tract-error - The action was refused or failed, or the relay fails the page (`origin_not_allowed`, `relay_unreachable`, `not_a_relay`). `detail: { kind, code, message }`.
 */
export abstract class TractFormElement extends LitElement {
  static override properties: PropertyDeclarations = {
    endpoint: {},
    controller: {},
    privacyUrl: { attribute: 'privacy-url' },
    tags: {},
    consent: {},
    noticeVersion: { attribute: 'notice-version' },
    phase: { state: true, attribute: false },
    issues: { state: true, attribute: false },
    failure: { state: true, attribute: false },
    receipt: { state: true, attribute: false },
    relayProblem: { state: true, attribute: false },
  };
  /** Base URL of the Tract relay; defaults to the page's origin. */
  declare endpoint: string;
  /** Who collects the data (the controller, GDPR art. 13), e.g. "Camille Martin 2027". Required. */
  declare controller: string;
  /** Link to the privacy policy. Required. */
  declare privacyUrl: string;
  /** Comma-separated tags or lists the action is filed under. */
  declare tags: string;
  /** Comma-separated consent purposes offered as separate unticked boxes (`email`, `sms`, `phone`, `post`). */
  declare consent: string;
  /** Version label of the consent texts, stored with each grant; change it when you change the texts. */
  declare noticeVersion: string;

  /** @internal */
  declare protected phase: FormPhase;
  /** @internal */
  declare protected issues: FieldIssue[];
  /** The status line for failures that are not about a field. @internal */
  declare protected failure: string;
  /** The last receipt, for widgets whose done view depends on it (waitlist, checkout). @internal */
  declare protected receipt: Receipt | undefined;
  /** Why the relay could not be used, once something failed. @internal */
  declare protected relayProblem: RelayProblem | undefined;
  constructor() {
    super();
    this.endpoint = '';
    this.controller = '';
    this.privacyUrl = '';
    this.tags = '';
    this.consent = 'email';
    this.noticeVersion = 'tract-widgets-2026-11';
    this.phase = 'filling';
    this.issues = [];
    this.failure = '';
  }

  /** Set after a submit with errors, so the summary takes focus once. */
  #focusSummary = false;
  #shownAt = 0;
  /** The SDK connection (client, this kind's schema, a challenge solver), started once. */
  #connection: Promise<ChallengeSolver> | undefined;
  readonly #labels = new Map<string, string>();
  readonly #prefill = prefillFrom(location.search);

  /** Which action this widget submits. */
  protected abstract readonly kind: ActionKind;
  /** The widget's own fields, rendered inside the form. */
  protected abstract renderFields(t: WidgetMessages): TemplateResult;
  /** The action input from the form's values (before validation). */
  protected abstract buildInput(values: FormData): Record<string, unknown>;
  /** What to show once the relay recorded the action. */
  protected abstract renderDone(t: WidgetMessages): TemplateResult;

  /**
   * What the done view shows: while the action waits for the person's
   * confirmation by email, "you are signed up" would not be true yet.
   */
  protected renderOutcome(t: WidgetMessages): TemplateResult {
    return this.receipt?.confirmation ? html`<p>${t.confirmByEmail}</p>` : this.renderDone(t);
  }
  /** The submit button text. */
  protected abstract submitLabel(t: WidgetMessages): string;

  /** The messages in the language that applies to this element. */
  protected get t(): WidgetMessages {
    return widgetLocales[this.locale];
  }

  /** The locale that applies: own `lang`, nearest ancestor's, or the document's. */
  get locale(): WidgetLocale {
    return widgetLocaleFor(languageOf(this));
  }

  /** The form this widget posts to, as the relay's challenges name it (`petition_signature:<id>`...). */
  protected get challengeForm(): string {
    return this.kind;
  }

  /** The relay base URL actually used. */
  protected get relayUrl(): string {
    return (this.endpoint || location.origin).replace(/\/+$/, '');
  }

  /** What is missing for the form to be allowed to collect, if anything. */
  protected get missingConfiguration(): string[] {
    const missing: string[] = [];
    if (!this.controller.trim()) missing.push('controller');
    if (!isWebUrl(this.privacyUrl)) missing.push('privacy-url');
    return missing;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    followLanguage(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    unfollowLanguage(this);
  }

  protected override firstUpdated(): void {
    this.#shownAt = performance.now();
    if (this.missingConfiguration.length > 0) return;
    // The puzzle is solved while the person types: starting on their first move keeps the
    // worker and its network request off the page's load path.
    this.renderRoot.addEventListener(
      'focusin',
      () =>
        void this.#connect()
          .then((solver) => solver.prepare())
          .catch(this.#failedAhead),
      {
        once: true,
      },
    );
    // Once the page is idle: the client replays what an earlier visit left in the offline queue,
    // and this form's schema is fetched while the network is surely there.
    (globalThis.requestIdleCallback ?? setTimeout)(() => void this.#connect().catch(this.#failedAhead));
  }

  /**
   * A step taken ahead of the person failed: say why if the relay is the cause, else report it to
   * the page, unless the browser is offline (the form keeps working from the offline queue).
   */
  #failedAhead = (error: unknown) => void this.checkRelay().then((problem) => problem || !navigator.onLine || reportLater(error));

  /**
   * Finds out, once something failed, whether the relay is the cause (this
   * page's origin refused, nothing answering, not a relay) and shows it.
   */
  protected async checkRelay(): Promise<RelayProblem | undefined> {
    const diagnosis = await loadSubmission()
      .then((submission) => submission.diagnoseRelay(this.relayUrl, this.locale))
      .catch(() => undefined);
    relayTexts ??= diagnosis?.texts;
    this.relayProblem = diagnosis?.problem;
    return this.relayProblem;
  }

  /** Whether the relay can never take this form's submissions from this page. */
  get #blocked(): boolean {
    return this.relayProblem === 'origin_not_allowed' || this.relayProblem === 'not_a_relay';
  }

  /** Loads the SDK and gets it ready for this form (once); resolves with the form's challenge solver. */
  #connect(): Promise<ChallengeSolver> {
    this.#connection ??= loadSubmission().then(async (submission) => {
      await submission.prepareFor(this.relayUrl, this.kind, this.t.locale, this);
      return new submission.ChallengeSolver(this.relayUrl, this.challengeForm);
    });
    // A failed load (the network dropped) is retried by the next caller rather than remembered.
    this.#connection.catch(() => {
      this.#connection = undefined;
    });
    return this.#connection;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (!this.#focusSummary) return;
    this.#focusSummary = false;
    const firstInvalid = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
    (firstInvalid ?? this.renderRoot.querySelector<HTMLElement>('.summary'))?.focus();
  }

  /** The issue reported for `path`, if any. */
  protected issueFor(path: string): FieldIssue | undefined {
    return this.issues.find((issue) => issue.path === path || issue.path.startsWith(`${path}.`));
  }

  /** Records the label of a field so the error summary can name it. */
  protected registerLabel(path: string, label: string): void {
    this.#labels.set(path, label);
  }

  /** The error message element of a field, or nothing. */
  protected renderError(path: string): TemplateResult | typeof nothing {
    const issue = this.issueFor(path);
    return issue ? html`<p class="error" part="error" id="${fieldId(path)}-error">${issue.message}</p>` : nothing;
  }

  /** `aria-describedby` for a field: its hint and its error. */
  protected describedBy(path: string, hasHint = false): string | typeof nothing {
    const ids = [hasHint ? `${fieldId(path)}-hint` : '', this.issueFor(path) ? `${fieldId(path)}-error` : ''].filter(Boolean);
    return ids.length > 0 ? ids.join(' ') : nothing;
  }

  /** A labelled native input (or textarea) with its hint and error. */
  protected renderTextField(t: WidgetMessages, options: TextFieldOptions): TemplateResult {
    const { path, label, required = false, hint } = options;
    this.registerLabel(path, label);
    const id = fieldId(path);
    const invalid = this.issueFor(path) ? 'true' : nothing;
    const value = options.prefill ? (this.#prefill[options.prefill] ?? nothing) : nothing;
    const control = options.multiline
      ? html`<textarea id=${id} name=${path} part="input" autocomplete=${options.autocomplete} aria-invalid=${invalid}
          aria-describedby=${this.describedBy(path, Boolean(hint))}></textarea>`
      : html`<input id=${id} name=${path} part="input" type=${options.type ?? 'text'} autocomplete=${options.autocomplete}
          inputmode=${options.inputmode ?? nothing} value=${value} ?required=${required} aria-invalid=${invalid}
          aria-describedby=${this.describedBy(path, Boolean(hint))} />`;
    return html`<div class="field" part="field">
      <label for=${id} part="label">${label}${required ? nothing : html` <span class="optional">${t.field.optional}</span>`}</label>
      ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : nothing} ${control} ${this.renderError(path)}
    </div>`;
  }

  /** Name, email, phone and postal code fields, as `shown` and `required` say (email is always both). */
  protected renderPersonFields(
    t: WidgetMessages,
    shown: (f: PersonField) => boolean,
    required: (f: PersonField) => boolean,
  ): TemplateResult {
    return html`<div class="names">
        ${
          shown('given-name')
            ? this.renderTextField(t, {
                path: 'person.givenName',
                label: t.field.givenName,
                autocomplete: 'given-name',
                required: required('given-name'),
                prefill: 'givenName',
              })
            : nothing
        }
        ${
          shown('family-name')
            ? this.renderTextField(t, {
                path: 'person.familyName',
                label: t.field.familyName,
                autocomplete: 'family-name',
                required: required('family-name'),
                prefill: 'familyName',
              })
            : nothing
        }
      </div>
      ${this.renderTextField(t, { path: 'person.email', label: t.field.email, autocomplete: 'email', type: 'email', inputmode: 'email', required: true, prefill: 'email' })}
      ${
        shown('phone')
          ? this.renderTextField(t, {
              path: 'person.phone',
              label: t.field.phone,
              autocomplete: 'tel',
              type: 'tel',
              required: required('phone'),
              hint: t.field.phoneHint,
              prefill: 'phone',
            })
          : nothing
      }
      ${
        shown('postal-code')
          ? this.renderTextField(t, {
              path: 'person.postalCode',
              label: t.field.postalCode,
              autocomplete: 'postal-code',
              required: required('postal-code'),
              prefill: 'postalCode',
            })
          : nothing
      }`;
  }

  /** The purposes this form offers, in the order given. */
  protected get consentPurposes(): ConsentPurpose[] {
    const wanted = this.consent.split(',').map((p) => p.trim());
    return CONSENT_PURPOSES.filter((p) => wanted.includes(p)).sort((a, b) => wanted.indexOf(a) - wanted.indexOf(b));
  }

  /** One unticked checkbox per purpose: consent is never bundled with the action. */
  protected renderConsent(t: WidgetMessages): TemplateResult | typeof nothing {
    const purposes = this.consentPurposes;
    if (purposes.length === 0) return nothing;
    return html`<fieldset part="consent">
      <legend>${t.consentLegend}</legend>
      ${purposes.map(
        (purpose) => html`<label class="check"
          ><input type="checkbox" name="consent.${purpose}" value="granted" /><span>${t.consent[purpose](this.controller)}</span></label
        >`,
      )}
    </fieldset>`;
  }

  /** The consent grants ticked, each with the hash of the exact text shown. */
  protected async consentGrants(values: FormData, t: WidgetMessages): Promise<ConsentGrant[]> {
    const ticked = this.consentPurposes.filter((purpose) => values.get(`consent.${purpose}`) === 'granted');
    return Promise.all(
      ticked.map(async (purpose) => ({
        purpose,
        granted: true as const,
        textVersion: this.noticeVersion,
        textHash: await (await loadSubmission()).hashConsentText(t.consent[purpose](this.controller)),
        language: t.locale,
      })),
    );
  }

  /** Tags from the `tags` attribute, or undefined when none. */
  protected get tagList(): string[] | undefined {
    const list = this.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    return list.length > 0 ? list : undefined;
  }

  /** Values that apply to every action: consent, source and tags. */
  protected async commonInput(values: FormData, t: WidgetMessages): Promise<Record<string, unknown>> {
    const input: Record<string, unknown> = {
      consent: await this.consentGrants(values, t),
      source: sourceFrom(location, document.referrer),
    };
    if (this.tagList) input.tags = this.tagList;
    return input;
  }

  /**
   * The validated action input from the form, or undefined after showing
   * what is wrong. Nothing is sent.
   */
  protected async prepare(form: HTMLFormElement): Promise<Record<string, unknown> | undefined> {
    const t = this.t;
    const values = new FormData(form);
    const input = { ...(await this.commonInput(values, t)), ...this.buildInput(values) };
    const result = await (await loadSubmission()).validateInput(this.kind, input, t.locale);
    if (!result.ok) {
      this.showIssues(result.issues);
      return undefined;
    }
    this.issues = [];
    this.failure = '';
    return input;
  }

  /** Sends a prepared input with the form's bot signals; shows the queued or done state. */
  protected async send(form: HTMLFormElement, input: Record<string, unknown>): Promise<void> {
    this.phase = 'sending';
    const bot = {
      honeypot: String(new FormData(form).get('website') ?? ''),
      fillMs: Math.round(performance.now() - this.#shownAt),
    };
    try {
      const solver = await this.#connect();
      const challenge = await solver.take().catch(() => undefined);
      // No challenge came: unless the browser is offline (the client then keeps the submission),
      // a relay that refuses this page or is not a relay would never take it.
      if (!challenge && (await this.checkRelay()) && this.#blocked) return this.handleFailure(undefined, []);
      const context = { endpoint: this.relayUrl, locale: this.t.locale, bot, challenge };
      this.handleOutcome(await loadedSubmission!.submitAction(this.kind, input, context));
    } catch (error) {
      const issues = (error as { issues?: FieldIssue[] }).issues ?? [];
      this.handleFailure(error, loadedSubmission ? await loadedSubmission.localizeIssues(issues, this.t.locale) : []);
    }
  }

  /** What the submit button does: validate, then send. The donation widget inserts its review step. */
  protected async submit(form: HTMLFormElement): Promise<void> {
    const input = await this.prepare(form);
    if (input) await this.send(form, input);
  }

  /** Shows issues beside their fields and in the summary, then moves focus to the first. */
  protected showIssues(issues: FieldIssue[]): void {
    this.phase = 'filling';
    this.issues = issues;
    this.#focusSummary = true;
    emit(this, 'tract-error', { kind: this.kind, code: 'invalid_input', message: issues.map((i) => i.message).join(' ') });
  }

  /** The relay's answer, or the offline queue's promise to send later. */
  protected handleOutcome(outcome: SubmitResult): void {
    this.relayProblem = undefined;
    if (outcome.status === 'queued') {
      // Queued although the browser is online: the relay did not answer, and the person is told so.
      void this.checkRelay();
      this.phase = 'queued';
      emit(this, 'tract-queued', { kind: this.kind, id: outcome.id });
      // Sent exactly once by the SDK when the network is back: then it is done like any other.
      void loadSubmission()
        .then((submission) => submission.whenDelivered(this.relayUrl, outcome.id))
        .then((receipt) => this.handleOutcome({ status: 'sent', id: outcome.id, receipt }));
      return;
    }
    this.receipt = outcome.receipt;
    this.phase = 'done';
    const { id, status, checkoutUrl, confirmation } = outcome.receipt;
    const proceed = emit(this, 'tract-submitted', {
      kind: this.kind,
      id,
      status,
      ...(checkoutUrl ? { checkoutUrl } : {}),
      ...(confirmation ? { confirmation } : {}),
    });
    this.afterSubmitted(outcome.receipt, proceed);
  }

  /**
   * Called once the relay recorded the action. `proceed` is false when a page
   * listener called `preventDefault()` on `tract-submitted`.
   */
  protected afterSubmitted(_receipt: Receipt, _proceed: boolean): void {}

  /**
   * A refusal with field issues (`issues`, worded in the form's language) goes
   * back to the fields; anything else is a status message, or the relay
   * problem that caused it.
   */
  protected async handleFailure(error: unknown, issues: FieldIssue[]): Promise<void> {
    const t = this.t;
    if (issues.length > 0) {
      this.showIssues(issues);
      return;
    }
    // A relay that answered is not the problem; otherwise it may be (or the SDK could not load).
    const answered = Boolean((error as { status?: number } | undefined)?.status);
    const problem = answered ? undefined : this.#blocked ? this.relayProblem : await this.checkRelay();
    this.phase = 'filling';
    this.failure = problem ? '' : t.failed;
    const code = problem ?? (error as { code?: string } | undefined)?.code ?? 'network_error';
    emit(this, 'tract-error', { kind: this.kind, code, message: problem ? relayTexts![this.locale].shown[problem] : t.failed });
  }

  #onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    if (this.missingConfiguration.length > 0 || this.phase === 'sending') return;
    // Validating loads the SDK first: when it cannot load, the person is told, not left with a button that does nothing.
    this.submit(event.target as HTMLFormElement).catch((error: unknown) => this.handleFailure(error, []));
  };

  /** The error summary: one link per problem, each moving focus to its field. */
  protected renderSummary(t: WidgetMessages): TemplateResult | typeof nothing {
    if (this.issues.length === 0) return nothing;
    return html`<div class="summary" part="summary" role="alert" tabindex="-1">
      <p>${t.errorSummary(this.issues.length)}</p>
      <ul>
        ${this.issues.map((issue) => {
          const path = [...this.#labels.keys()].find((p) => issue.path === p || issue.path.startsWith(`${p}.`)) ?? issue.path;
          const label = this.#labels.get(path);
          return html`<li>
            <a href="#${fieldId(path)}" @click=${(e: Event) => this.#focusField(e, path)}>${label ? `${label} : ` : ''}${issue.message}</a>
          </li>`;
        })}
      </ul>
    </div>`;
  }

  #focusField(event: Event, path: string): void {
    event.preventDefault();
    const target = this.renderRoot.querySelector<HTMLElement>(`#${fieldId(path)}`);
    (target?.matches('fieldset') ? target.querySelector<HTMLElement>('input') : target)?.focus();
  }

  /** The information notice (who collects, and the privacy policy link). */
  protected renderNotice(t: WidgetMessages): TemplateResult {
    return html`<p class="notice" part="notice">
      ${t.notice(this.controller)}
      <a href=${this.privacyUrl} target="_blank" rel="noopener">${t.privacyLink}</a>
    </p>`;
  }

  /** The hidden field people never see and bots fill. */
  protected renderHoneypot(t: WidgetMessages): TemplateResult {
    return html`<div class="honeypot" aria-hidden="true">
      <label for="f-website">${t.field.honeypot}</label>
      <input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off" />
    </div>`;
  }

  /** The status line, announced to screen readers. */
  protected renderStatus(t: WidgetMessages): TemplateResult {
    const unreachable = this.relayProblem === 'relay_unreachable' && relayTexts![this.locale];
    const text =
      this.phase === 'sending'
        ? t.submitting
        : this.phase === 'queued'
          ? unreachable
            ? unreachable.queued
            : t.queued
          : unreachable
            ? unreachable.shown.relay_unreachable
            : this.failure;
    return html`<p class="status" part="status" role="status">${text}</p>`;
  }

  /** The whole form; widgets with extra steps (donation review) override parts of it. */
  protected renderForm(t: WidgetMessages): TemplateResult {
    return html`<form part="form" novalidate @submit=${this.#onSubmit} ?hidden=${this.phase === 'queued'}>
      ${this.renderSummary(t)} ${this.renderFields(t)} ${this.renderConsent(t)} ${this.renderHoneypot(t)} ${this.renderNotice(t)}
      ${this.renderSubmit(t)}
    </form>`;
  }

  /** The submit button; disabled while sending. */
  protected renderSubmit(t: WidgetMessages): TemplateResult {
    return html`<button type="submit" part="submit" ?disabled=${this.phase === 'sending'}>${this.submitLabel(t)}</button>`;
  }

  /** A heading and facts above the form (petition, event); none by default. */
  protected renderIntro(_t: WidgetMessages): TemplateResult | typeof nothing {
    return nothing;
  }

  override render(): TemplateResult {
    const t = this.t;
    const missing = this.missingConfiguration;
    // A relay that refuses this page, or is not a relay, is the site's configuration error too: nothing can be collected.
    if (missing.length > 0 || this.#blocked) {
      const text = missing.length > 0 ? t.configError(missing.join(', ')) : relayTexts![this.locale].shown[this.relayProblem!];
      return html`<p class="config-error" part="config-error" role="alert">${text}</p>
        <button type="submit" part="submit" disabled>${this.submitLabel(t)}</button>`;
    }
    return html`<div lang=${t.locale} class="panel">
      ${this.renderIntro(t)}
      ${this.phase === 'done' ? html`<div part="success" class="panel">${this.renderOutcome(t)}</div>` : this.renderForm(t)}
      ${this.renderStatus(t)}
    </div>`;
  }
}
