/** GDPR desk (admin): access export, suppression, erasure with typed confirmation; the retention schedule and last purges. */
import { html, nothing, type TemplateResult } from 'lit';
import { api, i18n } from '../context.js';
import { dateTime, describeError, Screen, saveFile } from '../screen.js';

interface Retention {
  schedule: { records: string; rule: 'campaign_end' | 'days'; expiresAt?: string; days?: number }[];
  expiring: Record<'within7Days' | 'within30Days', { actions: number; people: number; consentEvents: number }>;
  purges: { ranAt: string; deleted: Record<string, number> }[];
}

export class GdprScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    email: {},
    retention: { state: true },
    outcome: { state: true },
    outcomeIsError: { state: true },
  };

  declare email: string;
  declare retention: Retention | undefined;
  declare outcome: string;
  declare outcomeIsError: boolean;

  constructor() {
    super();
    this.email = '';
    this.outcome = '';
    this.outcomeIsError = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.run(() => api.get<Retention>('/v1/admin/retention')).then((r) => {
      this.retention = r;
    });
  }

  #email(): string {
    return (this.renderRoot.querySelector<HTMLInputElement>('#gdpr-email')?.value ?? '').trim();
  }

  #say(message: string, isError = false): void {
    this.outcome = message;
    this.outcomeIsError = isError;
  }

  async #access(): Promise<void> {
    try {
      const data = await api.post<unknown>('/v1/admin/people/export', { email: this.#email() });
      saveFile(
        new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }),
        `access-${new Date().toISOString().slice(0, 10)}.json`,
      );
      this.#say(this.t.gdpr.accessDone);
    } catch (error) {
      this.#say(describeError(error), true);
    }
  }

  async #suppress(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const reason = (this.renderRoot.querySelector<HTMLInputElement>('#gdpr-reason')?.value ?? '').trim() || 'opt_out';
    try {
      await api.post('/v1/admin/suppression', { email: this.#email(), reason });
      this.#say(this.t.gdpr.suppressDone);
    } catch (error) {
      this.#say(describeError(error), true);
    }
  }

  async #erase(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const confirmation = this.renderRoot.querySelector<HTMLInputElement>('#gdpr-confirm');
    const email = this.#email();
    if (!email || confirmation?.value.trim().toLowerCase() !== email.toLowerCase()) {
      this.#say(this.t.gdpr.confirmMismatch, true);
      confirmation?.focus();
      return;
    }
    try {
      const result = await api.post<{ erased: { people: number; actions: number } }>('/v1/admin/people/erase', { email });
      this.#say(this.t.gdpr.erased(result.erased.people, result.erased.actions));
      if (confirmation) confirmation.value = '';
    } catch (error) {
      this.#say(describeError(error), true);
    }
  }

  #retention(r: Retention): TemplateResult {
    const t = this.t.gdpr;
    const keep = (rule: Retention['schedule'][number]) =>
      rule.rule === 'campaign_end' ? t.campaignEnd(dateTime(rule.expiresAt)) : t.days(i18n.number(rule.days ?? 0));
    return html`<section class="card">
      <h2>${t.retention}</h2>
      <div class="table-wrap" tabindex="0" role="region" aria-label=${this.t.scrollableTable}>
        <table>
          <thead>
            <tr>
              <th scope="col">${t.records}</th>
              <th scope="col">${t.rule}</th>
            </tr>
          </thead>
          <tbody>
            ${r.schedule.map((rule) => html`<tr><td>${t.schedule[rule.records] ?? rule.records}</td><td>${keep(rule)}</td></tr>`)}
          </tbody>
        </table>
      </div>
      <h3>${t.expiring}</h3>
      <div class="table-wrap" tabindex="0" role="region" aria-label=${this.t.scrollableTable}>
        <table>
          <thead>
            <tr>
              <th scope="col">${t.records}</th>
              <th scope="col" class="number">${t.within7}</th>
              <th scope="col" class="number">${t.within30}</th>
            </tr>
          </thead>
          <tbody>
            ${(['actions', 'people', 'consentEvents'] as const).map(
              (key) => html`<tr>
                <td>${t[key]}</td>
                <td class="number">${i18n.number(r.expiring.within7Days[key])}</td>
                <td class="number">${i18n.number(r.expiring.within30Days[key])}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <h3>${t.purges}</h3>
      ${
        r.purges.length === 0
          ? html`<p>${t.noPurge}</p>`
          : html`<ul>
            ${r.purges.map(
              (p) =>
                html`<li>
                  ${t.ranAt} ${dateTime(p.ranAt)} — ${t.deleted}:
                  ${Object.entries(p.deleted)
                    .map(([k, n]) => `${k} ${n}`)
                    .join(', ')}
                </li>`,
            )}
          </ul>`
      }
    </section>`;
  }

  override render(): TemplateResult {
    const t = this.t.gdpr;
    return html`<h1>${this.t.screens.gdpr}</h1>
      <p>${t.intro}</p>
      <section class="card">
        <div class="field">
          <label for="gdpr-email">${t.email}</label>
          <input id="gdpr-email" type="email" autocomplete="off" .value=${this.email} />
        </div>
        <h2>${t.access}</h2>
        <button type="button" @click=${() => void this.#access()}>${t.access}</button>
        <h2>${t.suppress}</h2>
        <form @submit=${(e: SubmitEvent) => void this.#suppress(e)}>
          <div class="field">
            <label for="gdpr-reason">${t.reason}</label>
            <input id="gdpr-reason" maxlength="200" />
          </div>
          <button type="submit">${t.suppress}</button>
        </form>
        <h2>${t.erase}</h2>
        <form @submit=${(e: SubmitEvent) => void this.#erase(e)}>
          <p id="erase-warning">${t.eraseWarning}</p>
          <div class="field">
            <label for="gdpr-confirm">${t.confirmLabel}</label>
            <input id="gdpr-confirm" type="email" autocomplete="off" aria-describedby="erase-warning" />
          </div>
          <button type="submit" class="danger">${t.erase}</button>
        </form>
        <p role="status" class=${this.outcomeIsError ? 'error' : 'success'}>${this.outcome}</p>
      </section>
      ${this.status()} ${this.retention ? this.#retention(this.retention) : nothing}`;
  }
}

customElements.define('tract-gdpr', GdprScreen);
