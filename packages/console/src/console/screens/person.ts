/** A person's page (admin): record, actions as a timeline, consent proof, suppression, deliveries. */
import { html, nothing, type TemplateResult } from 'lit';
import { api } from '../context.js';
import { dateTime, money, Screen } from '../screen.js';

interface PersonPage {
  person: {
    id: string;
    email: string;
    givenName: string | null;
    familyName: string | null;
    phone: string | null;
    addressLines: string[] | null;
    locality: string | null;
    postalCode: string | null;
    country: string | null;
    language: string | null;
    confirmedAt: string | null;
    expiresAt: string;
  };
  actions: {
    id: string;
    kind: string;
    targetId: string | null;
    status: string;
    source: string | null;
    amountMinor: number | null;
    data: { currency?: string };
    createdAt: string;
  }[];
  consent: {
    id: string;
    kind: string;
    purpose: string | null;
    textVersion: string | null;
    textHash: string | null;
    language: string | null;
    recordedAt: string;
  }[];
  suppression: { reason: string; since: string } | null;
  deliveries: {
    id: string;
    actionId: string;
    backend: string;
    status: string;
    attempts: number;
    lastError: string | null;
    updatedAt: string;
  }[];
}

export class PersonScreen extends Screen {
  static override properties = { ...Screen.properties, personId: {}, page: { state: true } };

  declare personId: string;
  declare page: PersonPage | undefined;

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('personId') && this.personId) {
      void this.run(() => api.get<PersonPage>(`/v1/admin/people/${encodeURIComponent(this.personId)}`)).then((page) => {
        this.page = page;
      });
    }
  }

  #record(page: PersonPage): TemplateResult {
    const t = this.t.person;
    const p = page.person;
    const row = (label: string, value: string | null | undefined) => html`<tr><th scope="row">${label}</th><td>${value || '—'}</td></tr>`;
    return html`<section class="card">
      <h2>${t.record}</h2>
      <table>
        <tbody>
          ${row(this.t.people.email, p.email)} ${row(this.t.people.name, [p.givenName, p.familyName].filter(Boolean).join(' '))}
          ${row(t.phone, p.phone)} ${row(t.address, p.addressLines?.join(', '))} ${row(this.t.people.postalCode, p.postalCode)}
          ${row(this.t.people.locality, p.locality)} ${row(t.country, p.country)} ${row(t.language, p.language)}
          ${row(t.confirmed, p.confirmedAt ? dateTime(p.confirmedAt) : this.t.no)} ${row(t.expires, dateTime(p.expiresAt))}
        </tbody>
      </table>
      <p><a href=${`#/gdpr?email=${encodeURIComponent(p.email)}`}>${t.gdpr}</a></p>
    </section>`;
  }

  #timeline(page: PersonPage): TemplateResult {
    const t = this.t.person;
    return html`<section class="card">
      <h2>${t.timeline}</h2>
      ${
        page.actions.length === 0
          ? html`<p>${this.t.none}</p>`
          : html`<ol>
            ${page.actions.map(
              (a) => html`<li>
                <strong>${dateTime(a.createdAt)}</strong> — ${this.t.kinds[a.kind] ?? a.kind}${a.targetId ? ` (${a.targetId})` : ''}, ${a.status}${
                  a.source ? `, ${this.t.people.source}: ${a.source}` : ''
                }${a.amountMinor !== null ? `, ${money(a.amountMinor, a.data.currency ?? 'EUR')}` : ''}
              </li>`,
            )}
          </ol>`
      }
    </section>`;
  }

  #consent(page: PersonPage): TemplateResult {
    const t = this.t.person;
    return html`<section class="card">
      <h2>${t.consent}</h2>
      ${
        page.consent.length === 0
          ? html`<p>${this.t.none}</p>`
          : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t.consent}>
            <table>
              <thead>
                <tr>
                  <th scope="col">${t.time}</th>
                  <th scope="col">${t.event}</th>
                  <th scope="col">${t.purpose}</th>
                  <th scope="col">${t.textVersion}</th>
                  <th scope="col">${t.textHash}</th>
                  <th scope="col">${t.textLanguage}</th>
                </tr>
              </thead>
              <tbody>
                ${page.consent.map(
                  (e) => html`<tr>
                    <td>${dateTime(e.recordedAt)}</td>
                    <td>${t.consentKinds[e.kind] ?? e.kind}</td>
                    <td>${e.purpose ?? '—'}</td>
                    <td>${e.textVersion ?? '—'}</td>
                    <td><code>${e.textHash ?? '—'}</code></td>
                    <td>${e.language ?? '—'}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
      }
    </section>`;
  }

  #deliveries(page: PersonPage): TemplateResult {
    const t = this.t;
    return html`<section class="card">
      <h2>${t.person.suppression}</h2>
      <p>${page.suppression ? t.person.suppressed(page.suppression.reason, dateTime(page.suppression.since)) : t.person.notSuppressed}</p>
      <h2>${t.person.deliveries}</h2>
      ${
        page.deliveries.length === 0
          ? html`<p>${t.none}</p>`
          : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${this.t.scrollableTable}>
            <table>
              <thead>
                <tr>
                  <th scope="col">${t.deliveries.backend}</th>
                  <th scope="col">${t.deliveries.status}</th>
                  <th scope="col" class="number">${t.deliveries.attempts}</th>
                  <th scope="col">${t.deliveries.answer}</th>
                  <th scope="col">${t.deliveries.updated}</th>
                </tr>
              </thead>
              <tbody>
                ${page.deliveries.map(
                  (d) => html`<tr>
                    <td>${d.backend}</td>
                    <td>${t.deliveries.statuses[d.status] ?? d.status}</td>
                    <td class="number">${d.attempts}</td>
                    <td><code>${d.lastError ?? '—'}</code></td>
                    <td>${dateTime(d.updatedAt)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
      }
    </section>`;
  }

  override render(): TemplateResult {
    const page = this.page;
    const name = page ? [page.person.givenName, page.person.familyName].filter(Boolean).join(' ') || page.person.email : '';
    return html`<p><a href="#/people">${this.t.person.back}</a></p>
      <h1>${page ? name : this.t.screens.person}</h1>
      ${this.status()}
      ${page ? html`${this.#record(page)} ${this.#timeline(page)} ${this.#consent(page)} ${this.#deliveries(page)}` : nothing}`;
  }
}

customElements.define('tract-person', PersonScreen);
