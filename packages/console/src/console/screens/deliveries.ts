/** Deliveries (admin): the outbox by status, the CRM's answer, retry of a failing or given-up delivery. */
import { html, nothing, type TemplateResult } from 'lit';
import { api } from '../context.js';
import { dateTime, describeError, type Page, PagedScreen } from '../screen.js';

interface Delivery {
  id: string;
  personId: string | null;
  kind: string;
  targetId: string | null;
  backend: string;
  status: string;
  attempts: number;
  answer: string | null;
  updatedAt: string;
}

const STATUSES = ['failed', 'dead', 'pending', 'delivering', 'delivered'];

export class DeliveriesScreen extends PagedScreen<Delivery> {
  static override properties = {
    ...PagedScreen.properties,
    filterStatus: { state: true },
    message: { state: true },
  };

  declare filterStatus: string;
  declare message: string;

  constructor() {
    super();
    this.filterStatus = '';
    this.message = '';
  }

  protected async fetchPage(cursor: string | undefined): Promise<Page<Delivery>> {
    const page = await api.get<{ deliveries: Delivery[]; nextCursor: string | null }>('/v1/admin/deliveries', {
      status: this.filterStatus,
      cursor,
    });
    return { rows: page.deliveries, nextCursor: page.nextCursor };
  }

  async #retry(id: string): Promise<void> {
    try {
      await api.post(`/v1/admin/deliveries/${encodeURIComponent(id)}/retry`, {});
      this.message = this.t.deliveries.retried;
      await this.load();
    } catch (error) {
      this.message = describeError(error);
    }
  }

  override render(): TemplateResult {
    const t = this.t.deliveries;
    const list = this.rows;
    return html`<h1>${this.t.screens.deliveries}</h1>
      <div class="row">
        <div class="field">
          <label for="status">${t.status}</label>
          <select
            id="status"
            @change=${(e: Event) => {
              this.filterStatus = (e.target as HTMLSelectElement).value;
              void this.load();
            }}
          >
            <option value="">${this.t.any}</option>
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${s === this.filterStatus}>${t.statuses[s]}</option>`)}
          </select>
        </div>
      </div>
      <p role="status">${this.message}</p>
      ${this.status()}
      ${
        list
          ? html`<section class="card">
            <h2>${t.list}</h2>
            ${
              list.length === 0
                ? html`<p>${this.t.none}</p>`
                : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${this.t.scrollableTable}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">${t.action}</th>
                        <th scope="col">${t.backend}</th>
                        <th scope="col">${t.status}</th>
                        <th scope="col" class="number">${t.attempts}</th>
                        <th scope="col">${t.answer}</th>
                        <th scope="col">${t.updated}</th>
                        <th scope="col"><span class="visually-hidden">${t.retry}</span></th>
                      </tr>
                    </thead>
                    <tbody>
                      ${list.map(
                        (d) => html`<tr>
                          <td>
                            ${
                              d.personId
                                ? html`<a href=${`#/person/${d.personId}`}>${this.t.kinds[d.kind] ?? d.kind}</a>`
                                : (this.t.kinds[d.kind] ?? d.kind)
                            }${d.targetId ? ` (${d.targetId})` : ''}
                          </td>
                          <td>${d.backend}</td>
                          <td>${t.statuses[d.status] ?? d.status}</td>
                          <td class="number">${d.attempts}</td>
                          <td><code>${d.answer ?? '—'}</code></td>
                          <td>${dateTime(d.updatedAt)}</td>
                          <td>
                            ${
                              d.status === 'failed' || d.status === 'dead'
                                ? html`<button class="secondary" @click=${() => void this.#retry(d.id)}>${t.retry}</button>`
                                : nothing
                            }
                          </td>
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

customElements.define('tract-deliveries', DeliveriesScreen);
