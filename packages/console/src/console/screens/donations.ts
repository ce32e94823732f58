/** Donations (admin): the treasurer's list of pledges by status, a page at a time, and the CSV for reconciliation and receipts. */
import { html, nothing, type TemplateResult } from 'lit';
import { api, i18n } from '../context.js';
import { dateTime, describeError, money, type Page, PagedScreen, saveFile } from '../screen.js';

interface Pledge {
  id: string;
  createdAt: string;
  status: string;
  overCap: boolean;
  provider: string;
  amountMinor: number;
  currency: string;
  recurrence: string;
  instalments: number;
  paymentsCount: number;
  paidMinor: number;
  refundedMinor: number;
}

const STATUSES = ['paid', 'pending', 'pending_review', 'failed', 'abandoned', 'refunded', 'ended'];

export class DonationsScreen extends PagedScreen<Pledge> {
  static override properties = {
    ...PagedScreen.properties,
    filter: { state: true },
    exportMessage: { state: true },
  };

  declare filter: string;
  declare exportMessage: string;

  constructor() {
    super();
    this.filter = '';
    this.exportMessage = '';
  }

  protected async fetchPage(cursor: string | undefined): Promise<Page<Pledge>> {
    const page = await api.get<{ pledges: Pledge[]; nextCursor: string | null }>('/v1/admin/donations', {
      cursor,
      status: this.filter || undefined,
    });
    return { rows: page.pledges, nextCursor: page.nextCursor };
  }

  async #export(): Promise<void> {
    this.exportMessage = '';
    try {
      // Through fetch with the bearer token: a plain link would carry no token.
      const { blob, filename } = await api.download('/v1/admin/donations/export');
      saveFile(blob, filename);
      this.exportMessage = this.t.donations.exported(filename);
    } catch (error) {
      this.exportMessage = describeError(error);
    }
  }

  override render(): TemplateResult {
    const t = this.t.donations;
    const pledges = this.rows;
    return html`<h1>${this.t.screens.donations}</h1>
      ${this.status()}
      <section class="card">
        <div class="field">
          <label for="donation-status">${t.filter}</label>
          <select
            id="donation-status"
            @change=${(e: Event) => {
              this.filter = (e.target as HTMLSelectElement).value;
              void this.load();
            }}
          >
            <option value="" ?selected=${this.filter === ''}>${t.allStatuses}</option>
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${s === this.filter}>${t.statuses[s] ?? s}</option>`)}
          </select>
        </div>
        <button class="secondary" @click=${() => void this.#export()}>${t.download}</button>
        <p class="hint">${t.downloadHint}</p>
        <p role="status">${this.exportMessage}</p>
      </section>
      ${
        pledges
          ? html`<section class="card">
            ${
              pledges.length === 0
                ? html`<p>${this.t.none}</p>`
                : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t.list}>
                  <table>
                    <caption>
                      ${t.list}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">${t.date}</th>
                        <th scope="col">${t.status}</th>
                        <th scope="col">${t.provider}</th>
                        <th scope="col" class="number">${t.amount}</th>
                        <th scope="col">${t.currency}</th>
                        <th scope="col">${t.recurrence}</th>
                        <th scope="col" class="number">${t.paid}</th>
                        <th scope="col" class="number">${t.refunded}</th>
                        <th scope="col">${t.overCap}</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${pledges.map(
                        (p) => html`<tr>
                          <td>${dateTime(p.createdAt)}</td>
                          <td>${t.statuses[p.status] ?? p.status}</td>
                          <td>${p.provider}</td>
                          <td class="number">${money(p.amountMinor, p.currency)}</td>
                          <td>${p.currency}</td>
                          <td>${this.t.recurrences[p.recurrence] ?? p.recurrence}</td>
                          <td class="number">${money(p.paidMinor, p.currency)} (${i18n.number(p.paymentsCount)})</td>
                          <td class="number">${money(p.refundedMinor, p.currency)}</td>
                          <td>${p.overCap ? t.yes : t.no}</td>
                        </tr>`,
                      )}
                    </tbody>
                  </table>
                </div>`
            }
            ${this.nextPageButton()}
          </section>`
          : nothing
      }`;
  }
}

customElements.define('tract-donations', DonationsScreen);
