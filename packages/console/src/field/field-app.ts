/**
 * `<tract-field>`: the volunteer's page. It exchanges the invitation in the
 * link (`#invitation=…`, a fragment, so it never reaches a server log) for a
 * token kept in this tab only, then shows one person at a time from the
 * volunteer's slice: first name and area, then, on demand, the number (a
 * `tel:` link) or the address, and the result form. Revealed details live in
 * this element's memory only and are dropped at the next person; the
 * results go through the SDK client, whose offline queue holds results only.
 */
import type { TractClient } from '@tract/sdk';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { Api, ApiError } from '../shared/api.js';
import { I18n, type Locale } from '../shared/i18n.js';
import { baseStyles, statusLineStyles } from '../shared/styles.js';
import { fieldStyles } from './field-styles.js';
import { en, fr } from './texts.js';

export const i18n = new I18n({ en, fr });
const api = new Api('tract.field.token', () => i18n.locale);

const OUTCOMES = ['answered', 'no_answer', 'voicemail', 'call_back_later', 'wrong_number', 'do_not_call'] as const;

interface SlicePerson {
  ref: string;
  givenName: string;
  area: string;
  revealed: boolean;
  outcome: string | null;
}

interface Assignment {
  volunteer: { name: string };
  list: {
    kind: 'call' | 'door';
    name: string;
    script: { fr: string; en: string };
    questions: { supportLevel: boolean; willVolunteer: boolean; yardSign: boolean; note: boolean };
    sliceSize: number;
    progressPercent: number;
  };
  slice: { reservedUntil: string; people: SlicePerson[] } | null;
  progress: { done: number };
}

interface Revealed {
  ref: string;
  phone?: string;
  address?: { lines: string[]; postalCode: string | null; locality: string | null };
}

type Phase = 'opening' | 'no-token' | 'loading' | 'ready' | 'signed-out' | 'unreachable' | 'refused';

export class TractField extends LitElement {
  static override styles = [baseStyles, statusLineStyles, fieldStyles];
  static override properties = {
    phase: { state: true },
    assignment: { state: true },
    revealed: { state: true },
    status: { state: true },
    problem: { state: true },
    pending: { state: true },
    online: { state: true },
    busy: { state: true },
  };

  declare phase: Phase;
  declare assignment: Assignment | undefined;
  declare revealed: Revealed | undefined;
  declare status: string;
  declare problem: string;
  declare pending: number;
  declare online: boolean;
  declare busy: boolean;
  /** Refs recorded on this page (their results may still wait in the queue). */
  readonly #done = new Set<string>();
  #client: Promise<TractClient> | undefined;
  #unsubscribe: (() => void) | undefined;
  readonly #onlineChange = () => {
    this.online = navigator.onLine;
  };

  constructor() {
    super();
    this.phase = 'loading';
    this.status = '';
    this.problem = '';
    this.pending = 0;
    this.online = navigator.onLine;
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.body.style.margin = '0';
    this.#unsubscribe = i18n.subscribe(() => this.requestUpdate());
    addEventListener('online', this.#onlineChange);
    addEventListener('offline', this.#onlineChange);
    void this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    removeEventListener('online', this.#onlineChange);
    removeEventListener('offline', this.#onlineChange);
    void this.#client?.then((client) => client.close());
  }

  override updated(): void {
    document.title = i18n.t.appTitle;
  }

  async #start(): Promise<void> {
    const invitation = /(?:^#|&)invitation=([\w-]+)/.exec(location.hash)?.[1];
    if (invitation) {
      // The link is spent now: take it out of the address bar and the history.
      history.replaceState(null, '', location.pathname);
      this.phase = 'opening';
      try {
        const accepted = await api.post<{ token: string }>('/v1/field/invitations/accept', { invitation });
        api.remember(accepted.token);
      } catch (error) {
        this.phase = error instanceof ApiError ? 'refused' : 'unreachable';
        return;
      }
    }
    if (!api.token) {
      this.phase = 'no-token';
      return;
    }
    await this.#load();
  }

  /**
   * The SDK client that posts results with this volunteer's token, queued
   * offline. Loaded after the first screen, as soon as the assignment is
   * known, so it is there before the network goes.
   */
  #results(): Promise<TractClient> {
    this.#client ??= import('@tract/sdk').then(({ createClient, relay }) => {
      const client = createClient({
        backend: relay({ url: location.origin, token: api.token ?? '', dangerouslyAllowBrowser: true }),
        actions: ['field_result'],
        locale: i18n.locale,
      });
      const count = () => void client.pending().then((n) => (this.pending = n));
      for (const event of ['queued', 'failed', 'expired'] as const) client.on(event, count);
      client.on('sent', (sent) => {
        if (sent.replayed) this.status = i18n.t.flushed;
        count();
      });
      count();
      return client;
    });
    this.#client.catch(() => {
      this.#client = undefined;
    });
    return this.#client;
  }

  async #load(): Promise<void> {
    this.phase = this.assignment ? this.phase : 'loading';
    try {
      this.assignment = await api.get<Assignment>('/v1/field/assignment');
      this.phase = 'ready';
      void this.#results().catch(() => undefined);
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      api.forget();
      this.phase = 'signed-out';
    } else if (error instanceof ApiError) {
      this.problem = error.issues[0]?.message ?? error.message;
    } else {
      this.problem = i18n.t.unreachable;
    }
  }

  /** The person to work on now: the first of the slice without a result. */
  #current(): { person: SlicePerson; index: number } | undefined {
    const people = this.assignment?.slice?.people ?? [];
    const index = people.findIndex((p) => p.outcome === null && !this.#done.has(p.ref));
    return index === -1 ? undefined : { person: people[index]!, index };
  }

  async #takeSlice(): Promise<void> {
    this.busy = true;
    this.problem = '';
    this.status = '';
    try {
      await api.post('/v1/field/slices', {});
      await this.#load();
    } catch (error) {
      // 409: a slice is already open (another tab), or nobody is left on the list: the relay says which.
      if (error instanceof ApiError && error.status === 409) {
        this.problem = error.issues[0]?.message ?? error.message;
        await this.#load();
      } else this.#fail(error);
    } finally {
      this.busy = false;
    }
  }

  async #reveal(ref: string): Promise<void> {
    this.busy = true;
    this.problem = '';
    this.status = '';
    try {
      this.revealed = await api.post<Revealed>('/v1/field/reveals', { ref });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#contact')?.focus();
    } catch (error) {
      if (error instanceof ApiError && error.status === 410) {
        // Suppressed or unreachable since the slice was taken: skip them.
        this.#done.add(ref);
        this.problem = error.issues[0]?.message ?? error.message;
      } else this.#fail(error);
    } finally {
      this.busy = false;
    }
  }

  async #save(event: SubmitEvent, ref: string): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const outcome = data.get('outcome');
    if (typeof outcome !== 'string') {
      this.problem = i18n.t.pickOutcome;
      form.querySelector<HTMLInputElement>('input[name="outcome"]')?.focus();
      return;
    }
    const level = data.get('supportLevel');
    const note = String(data.get('note') ?? '').trim();
    const questions = this.assignment!.list.questions;
    this.busy = true;
    this.problem = '';
    try {
      const client = await this.#results();
      const submitted = await client.recordFieldResult({
        ref,
        outcome: outcome as (typeof OUTCOMES)[number],
        ...(questions.supportLevel && typeof level === 'string' ? { supportLevel: Number(level) } : {}),
        ...(questions.willVolunteer ? { willVolunteer: data.get('willVolunteer') === 'on' } : {}),
        ...(questions.yardSign ? { yardSign: data.get('yardSign') === 'on' } : {}),
        ...(questions.note && note ? { note } : {}),
        recordedAt: new Date().toISOString(),
      });
      this.#done.add(ref);
      this.revealed = undefined;
      this.pending = await client.pending();
      this.status = submitted.status === 'queued' ? i18n.t.queued(this.pending) : i18n.t.saved;
      form.reset();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#person')?.focus();
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }

  async #finishSlice(): Promise<void> {
    this.busy = true;
    try {
      await api.post('/v1/field/slices/current/close', {});
      this.revealed = undefined;
      await this.#load();
    } catch (error) {
      this.#fail(error);
    } finally {
      this.busy = false;
    }
  }

  #languagePicker(): TemplateResult {
    return html`<label class="language"
      ><span>${i18n.t.language}</span>
      <select @change=${(e: Event) => i18n.set((e.target as HTMLSelectElement).value as Locale)}>
        <option value="en" lang="en" ?selected=${i18n.locale === 'en'}>English</option>
        <option value="fr" lang="fr" ?selected=${i18n.locale === 'fr'}>Français</option>
      </select></label
    >`;
  }

  override render(): TemplateResult {
    const t = i18n.t;
    return html`<header>
        <p class="brand">${t.appTitle}</p>
        ${this.#languagePicker()}
      </header>
      <main id="main">
        ${this.online ? nothing : html`<p class="banner" role="status">${t.offline}</p>`} ${this.#body()}
        <p class="status" role="status" aria-live="polite">${this.status}</p>
        <p class="error" role="alert">${this.problem}</p>
        ${this.pending > 0 && this.online ? html`<p class="hint">${t.queued(this.pending)}</p>` : nothing}
      </main>`;
  }

  #body(): TemplateResult {
    const t = i18n.t;
    switch (this.phase) {
      case 'opening':
        return html`<h1>${t.appTitle}</h1><p>${t.opening}</p>`;
      case 'loading':
        return html`<h1>${t.appTitle}</h1><p>${t.loading}</p>`;
      case 'no-token':
        return html`<h1>${t.appTitle}</h1><p>${t.noToken}</p>`;
      case 'refused':
        return html`<h1>${t.appTitle}</h1><p>${t.invitationRefused}</p>`;
      case 'signed-out':
        return html`<h1>${t.appTitle}</h1><p>${t.signedOut}</p>`;
      case 'unreachable':
        return html`<h1>${t.appTitle}</h1>
          <p>${t.unreachable}</p>
          <button @click=${() => void this.#start()}>${t.retry}</button>`;
      case 'ready':
        return this.#work(this.assignment!);
    }
  }

  #work(assignment: Assignment): TemplateResult {
    const t = i18n.t;
    const { list } = assignment;
    const current = this.#current();
    return html`<h1>${t.welcome(assignment.volunteer.name)}</h1>
      <p class="list">${t.kinds[list.kind]} · ${list.name}</p>
      <p class="hint">${t.progress(assignment.progress.done + this.#newlyDone(assignment), list.progressPercent)}</p>
      <details class="script">
        <summary>${t.script}</summary>
        <p class="script-text">${list.script[i18n.locale]}</p>
      </details>
      ${
        !assignment.slice
          ? html`<p>${t.sliceHint}</p>
            <button class="big" ?disabled=${this.busy} @click=${() => void this.#takeSlice()}>${t.takeSlice(list.sliceSize)}</button>`
          : current
            ? this.#person(assignment, current.person, current.index)
            : html`<p>${t.sliceFinished}</p>
              <button class="big" ?disabled=${this.busy} @click=${() => void this.#finishSlice()}>${t.takeSlice(list.sliceSize)}</button>`
      }`;
  }

  /** Results recorded on this page that the last assignment did not count yet. */
  #newlyDone(assignment: Assignment): number {
    return (assignment.slice?.people ?? []).filter((p) => p.outcome === null && this.#done.has(p.ref)).length;
  }

  #person(assignment: Assignment, person: SlicePerson, index: number): TemplateResult {
    const t = i18n.t;
    const { list, slice } = assignment;
    const revealed = this.revealed?.ref === person.ref ? this.revealed : undefined;
    return html`<section class="person" aria-labelledby="person">
      <p class="hint">${t.personOf(index + 1, slice!.people.length)} · ${t.reservedUntil(i18n.dateTime(slice!.reservedUntil))}</p>
      <h2 id="person" tabindex="-1">${person.givenName}</h2>
      <p>${t.area(person.area)}</p>
      ${
        revealed
          ? this.#contact(list.kind, revealed)
          : html`<button class="big" ?disabled=${this.busy || !this.online} @click=${() => void this.#reveal(person.ref)}>
                ${list.kind === 'call' ? t.revealCall : t.revealDoor}
              </button>
              <p class="hint">${t.revealHint}</p>`
      }
      ${revealed ? this.#resultForm(list, person.ref) : nothing}
      <button class="secondary" ?disabled=${this.busy || !this.online} @click=${() => void this.#finishSlice()}>${t.finishSlice}</button>
    </section>`;
  }

  #contact(kind: 'call' | 'door', revealed: Revealed): TemplateResult {
    const t = i18n.t;
    if (kind === 'call' && revealed.phone) {
      return html`<a id="contact" class="big call" href=${`tel:${revealed.phone}`}>${t.callNow(revealed.phone)}</a>`;
    }
    const address = revealed.address;
    return html`<p id="contact" tabindex="-1" class="address">
      <span class="label">${t.address}</span>
      ${(address?.lines ?? []).map((line) => html`<span>${line}</span>`)}
      <span>${[address?.postalCode, address?.locality].filter(Boolean).join(' ')}</span>
    </p>`;
  }

  #resultForm(list: Assignment['list'], ref: string): TemplateResult {
    const t = i18n.t;
    const labels = list.kind === 'door' ? t.doorOutcomes : t.outcomes;
    return html`<form class="result" @submit=${(e: SubmitEvent) => void this.#save(e, ref)} novalidate>
      <fieldset>
        <legend>${t.result}</legend>
        ${OUTCOMES.map(
          (outcome) => html`<label class="choice"><input type="radio" name="outcome" value=${outcome} /> ${labels[outcome]}</label>`,
        )}
      </fieldset>
      ${
        list.questions.supportLevel
          ? html`<fieldset class="levels">
            <legend>${t.supportLevel}</legend>
            ${t.supportLevels.map(
              (level) => html`<label class="choice level"><input type="radio" name="supportLevel" value=${level} /> ${level}</label>`,
            )}
          </fieldset>`
          : nothing
      }
      ${
        list.questions.willVolunteer
          ? html`<label class="choice"><input type="checkbox" name="willVolunteer" /> ${t.willVolunteer}</label>`
          : nothing
      }
      ${list.questions.yardSign ? html`<label class="choice"><input type="checkbox" name="yardSign" /> ${t.yardSign}</label>` : nothing}
      ${
        list.questions.note
          ? html`<label class="note" for="note">${t.note}</label><textarea id="note" name="note" maxlength="1000" rows="3"></textarea>`
          : nothing
      }
      <button class="big" type="submit" ?disabled=${this.busy}>${t.save}</button>
    </form>`;
  }
}

customElements.define('tract-field', TractField);
