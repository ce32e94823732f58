/** Overview: totals, the chart and its table, petitions, events, donations, donors near the cap, the outbox. */
import { css, html, nothing, type TemplateResult } from 'lit';
import { baseStyles } from '../../shared/styles.js';
import { api, i18n } from '../context.js';
import { dateTime, money, Screen, titleOf } from '../screen.js';

interface Series {
  name: string;
  counts: number[];
}

export interface Overview {
  totals: Record<string, number>;
  chart: { buckets: string[]; byForm: Series[]; bySource: Series[] };
  petitions: { id: string; title: unknown; goal: number | null; signatures: number }[];
  events: {
    id: string;
    title: unknown;
    capacity: number | null;
    rsvps: number;
    guests: number;
    seatsTaken: number;
    waitlisted: number;
  }[];
  donations: { currency: string; recurrence: string; pledges: number; amountMinor: number }[];
  outbox: {
    pending: number;
    failed: number;
    dead: number;
    failing: { id: string; status: string; attempts: number; lastError: string | null; kind: string; updatedAt: string }[];
  };
}

interface Donors {
  cap: number | null;
  period: string | null;
  donors: { personId: string | null; name: string; totalMinor: number; over: boolean; overCapPledges: number }[];
}

let chartModule: Promise<unknown> | undefined;

export class OverviewScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    data: { state: true },
    donors: { state: true },
    range: { state: true },
    bucket: { state: true },
    split: { state: true },
    chartReady: { state: true },
  };
  static override styles = [
    baseStyles,
    css`
      .totals {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
        gap: 0.75rem;
        margin: 0;
      }
      .totals div {
        background: var(--paper);
        border: 1px solid var(--line);
        border-radius: 0.5rem;
        padding: 0.75rem;
      }
      .totals dt {
        color: var(--muted);
      }
      .totals dd {
        margin: 0;
        font-size: 1.5rem;
        font-weight: 700;
      }
      .grid {
        display: grid;
        gap: 1rem;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 26rem), 1fr));
      }
      progress {
        width: 6rem;
      }
    `,
  ];

  declare data: Overview | undefined;
  declare donors: Donors | undefined;
  declare range: string;
  declare bucket: string;
  declare split: 'form' | 'source';
  declare chartReady: boolean;

  constructor() {
    super();
    this.range = '30d';
    this.bucket = 'day';
    this.split = 'form';
    this.chartReady = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    const data = await this.run(() => api.get<Overview>('/v1/admin/overview', { range: this.range, bucket: this.bucket }));
    if (data) this.data = data;
    // Donors near the cap are people (admins only, each read audited): fetched once the counts are shown.
    if (this.session.role === 'admin' && !this.donors) {
      api.get<Donors>('/v1/admin/overview/donors').then(
        (donors) => {
          this.donors = donors;
        },
        () => {},
      );
    }
    // The chart library comes after the first screen is usable.
    chartModule ??= import('../chart.js');
    chartModule.then(
      () => {
        this.chartReady = true;
      },
      () => {},
    );
  }

  #controls(): TemplateResult {
    const t = this.t.overview;
    const select = (id: string, label: string, value: string, options: Record<string, string>, set: (v: string) => void) =>
      html`<div class="field">
        <label for=${id}>${label}</label>
        <select
          id=${id}
          @change=${(e: Event) => {
            set((e.target as HTMLSelectElement).value);
          }}
        >
          ${Object.entries(options).map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
        </select>
      </div>`;
    return html`<div class="row">
      ${select('range', t.range, this.range, t.ranges, (v) => {
        this.range = v;
        this.bucket = v === '24h' ? 'hour' : v === 'all' ? 'week' : 'day';
        void this.load();
      })}
      ${select('bucket', t.bucket, this.bucket, t.buckets, (v) => {
        this.bucket = v;
        void this.load();
      })}
      ${select('split', t.split, this.split, t.splits, (v) => {
        this.split = v as 'form' | 'source';
      })}
    </div>`;
  }

  #seriesName(name: string): string {
    if (this.split === 'source') return name || this.t.overview.noSource;
    return this.t.kinds[name] ?? titleOf(this.#formTitle(name)) ?? name;
  }

  #formTitle(id: string): unknown {
    return this.data?.petitions.find((p) => p.id === id)?.title ?? this.data?.events.find((e) => e.id === id)?.title ?? id;
  }

  #bucketLabel(bucket: string): string {
    if (bucket.length === 13)
      return new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(`${bucket}:00:00Z`));
    return new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'medium' }).format(new Date(`${bucket}T00:00:00Z`));
  }

  #chart(data: Overview): TemplateResult {
    const t = this.t.overview;
    const series = (this.split === 'form' ? data.chart.byForm : data.chart.bySource).map((s) => ({ ...s, name: this.#seriesName(s.name) }));
    const title = t.chartTitle(t.splits[this.split] ?? this.split);
    return html`<section class="card" aria-labelledby="chart-title">
      <h2 id="chart-title">${title}</h2>
      ${
        this.chartReady
          ? html`<tract-chart .buckets=${data.chart.buckets} .series=${series} label=${title}></tract-chart>`
          : html`<p role="status">${t.chartLoading}</p>`
      }
      <details>
        <summary>${t.tableSummary}</summary>
        <div class="table-wrap" tabindex="0" role="region" aria-label=${t.tableSummary}>
          <table>
            <caption>
              ${title}
            </caption>
            <thead>
              <tr>
                <th scope="col">${t.when}</th>
                ${series.map((s) => html`<th scope="col" class="number">${s.name}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${data.chart.buckets.map(
                (bucket, i) =>
                  html`<tr>
                    <th scope="row">${this.#bucketLabel(bucket)}</th>
                    ${series.map((s) => html`<td class="number">${i18n.number(s.counts[i] ?? 0)}</td>`)}
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </details>
    </section>`;
  }

  #petitions(data: Overview): TemplateResult {
    const t = this.t.overview;
    if (data.petitions.length === 0) return html``;
    return html`<section class="card">
      <h2>${t.petitions}</h2>
      <div class="table-wrap" tabindex="0" role="region" aria-label=${this.t.scrollableTable}>
        <table>
          <thead>
            <tr>
              <th scope="col">${t.petition}</th>
              <th scope="col" class="number">${t.signatures}</th>
              <th scope="col" class="number">${t.goal}</th>
              <th scope="col">${t.progress}</th>
            </tr>
          </thead>
          <tbody>
            ${data.petitions.map(
              (p) => html`<tr>
                <th scope="row">${titleOf(p.title)}</th>
                <td class="number">${i18n.number(p.signatures)}</td>
                <td class="number">${p.goal === null ? '—' : i18n.number(p.goal)}</td>
                <td>
                  ${
                    p.goal
                      ? html`<progress max=${p.goal} value=${Math.min(p.signatures, p.goal)} aria-label=${`${titleOf(p.title)}: ${t.progress}`}></progress>
                        ${Math.round((100 * p.signatures) / p.goal)} %`
                      : '—'
                  }
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  #events(data: Overview): TemplateResult {
    const t = this.t.overview;
    if (data.events.length === 0) return html``;
    return html`<section class="card">
      <h2>${t.events}</h2>
      <div class="table-wrap" tabindex="0" role="region" aria-label=${this.t.scrollableTable}>
        <table>
          <thead>
            <tr>
              <th scope="col">${t.event}</th>
              <th scope="col" class="number">${t.attending}</th>
              <th scope="col" class="number">${t.guests}</th>
              <th scope="col" class="number">${t.seats}</th>
              <th scope="col" class="number">${t.capacity}</th>
              <th scope="col" class="number">${t.waitlisted}</th>
            </tr>
          </thead>
          <tbody>
            ${data.events.map(
              (e) => html`<tr>
                <th scope="row">${titleOf(e.title)}</th>
                <td class="number">${i18n.number(e.rsvps)}</td>
                <td class="number">${i18n.number(e.guests)}</td>
                <td class="number">${i18n.number(e.seatsTaken)}</td>
                <td class="number">${e.capacity === null ? t.unlimited : i18n.number(e.capacity)}</td>
                <td class="number">${i18n.number(e.waitlisted)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  #donations(data: Overview): TemplateResult {
    const t = this.t.overview;
    const donors = this.donors;
    return html`<section class="card">
      <h2>${t.donations}</h2>
      ${
        data.donations.length === 0
          ? html`<p>${this.t.none}</p>`
          : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${this.t.scrollableTable}>
            <table>
              <thead>
                <tr>
                  <th scope="col">${t.currency}</th>
                  <th scope="col">${t.recurrence}</th>
                  <th scope="col" class="number">${t.pledges}</th>
                  <th scope="col" class="number">${t.amount}</th>
                </tr>
              </thead>
              <tbody>
                ${data.donations.map(
                  (d) => html`<tr>
                    <td>${d.currency}</td>
                    <td>${this.t.recurrences[d.recurrence] ?? d.recurrence}</td>
                    <td class="number">${i18n.number(d.pledges)}</td>
                    <td class="number">${money(d.amountMinor, d.currency)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
      }
      ${
        donors && donors.cap !== null
          ? html`<h3>${t.donors(money(donors.cap, 'EUR'), donors.period ?? '')}</h3>
            ${
              donors.donors.length === 0
                ? html`<p>${this.t.none}</p>`
                : html`<ul>
                  ${donors.donors.map(
                    (d) =>
                      html`<li>
                        ${d.personId ? html`<a href=${`#/person/${d.personId}`}>${d.name || d.personId}</a>` : t.unknownDonor}:
                        ${money(d.totalMinor, 'EUR')} (${d.over ? t.overCap : t.nearCap}${d.overCapPledges > 0 ? `, ${t.heldForReview(d.overCapPledges)}` : ''})
                      </li>`,
                  )}
                </ul>`
            }`
          : nothing
      }
    </section>`;
  }

  #outbox(data: Overview): TemplateResult {
    const t = this.t.overview;
    return html`<section class="card">
      <h2>${t.outbox}</h2>
      <dl class="totals">
        <div><dt>${t.pending}</dt><dd>${i18n.number(data.outbox.pending)}</dd></div>
        <div><dt>${t.failedCount}</dt><dd>${i18n.number(data.outbox.failed)}</dd></div>
        <div><dt>${t.dead}</dt><dd>${i18n.number(data.outbox.dead)}</dd></div>
      </dl>
      ${
        data.outbox.failing.length > 0
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${this.t.scrollableTable}>
            <table>
              <caption>
                ${t.lastError}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${this.t.deliveries.action}</th>
                  <th scope="col">${this.t.deliveries.status}</th>
                  <th scope="col">${t.lastError}</th>
                  <th scope="col">${this.t.deliveries.updated}</th>
                </tr>
              </thead>
              <tbody>
                ${data.outbox.failing.map(
                  (f) => html`<tr>
                    <td>${this.t.kinds[f.kind] ?? f.kind}</td>
                    <td>${this.t.deliveries.statuses[f.status] ?? f.status}</td>
                    <td><code>${f.lastError ?? '—'}</code></td>
                    <td>${dateTime(f.updatedAt)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
          : nothing
      }
    </section>`;
  }

  override render(): TemplateResult {
    const data = this.data;
    const t = this.t;
    return html`<h1>${t.screens.overview}</h1>
      ${this.#controls()} ${this.status()}
      ${
        data
          ? html`<section aria-labelledby="totals-title">
              <h2 id="totals-title">${t.overview.totals}</h2>
              <dl class="totals">
                ${Object.keys(t.kinds).map(
                  (kind) => html`<div><dt>${t.kinds[kind]}</dt><dd>${i18n.number(data.totals[kind] ?? 0)}</dd></div>`,
                )}
              </dl>
            </section>
            ${this.#chart(data)}
            <div class="grid">${this.#petitions(data)} ${this.#events(data)} ${this.#donations(data)} ${this.#outbox(data)}</div>`
          : nothing
      }`;
  }
}

customElements.define('tract-overview', OverviewScreen);
