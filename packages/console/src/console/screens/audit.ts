/** Audit log (admin): every read of personal data and every change, newest first. */
import { html, nothing, type TemplateResult } from 'lit';
import { api } from '../context.js';
import { dateTime, type Page, PagedScreen } from '../screen.js';

interface Entry {
  id: string;
  at: string;
  tokenName: string | null;
  role: string | null;
  event: string;
  target: string | null;
  records: number;
  detail: unknown;
}

export class AuditScreen extends PagedScreen<Entry> {
  protected async fetchPage(cursor: string | undefined): Promise<Page<Entry>> {
    const page = await api.get<{ entries: Entry[]; nextCursor: string | null }>('/v1/admin/audit', { cursor });
    return { rows: page.entries, nextCursor: page.nextCursor };
  }

  override render(): TemplateResult {
    const t = this.t.audit;
    const entries = this.rows;
    return html`<h1>${this.t.screens.audit}</h1>
      ${this.status()}
      ${
        entries
          ? html`<section class="card">
            <div class="table-wrap" tabindex="0" role="region" aria-label=${t.list}>
              <table>
                <caption>
                  ${t.list}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t.when}</th>
                    <th scope="col">${t.who}</th>
                    <th scope="col">${t.event}</th>
                    <th scope="col">${t.target}</th>
                    <th scope="col" class="number">${t.records}</th>
                    <th scope="col">${t.detail}</th>
                  </tr>
                </thead>
                <tbody>
                  ${entries.map(
                    (e) => html`<tr>
                      <td>${dateTime(e.at)}</td>
                      <td>${e.tokenName ?? '—'} (${e.role ?? '—'})</td>
                      <td><code>${e.event}</code></td>
                      <td>${e.target ?? '—'}</td>
                      <td class="number">${e.records}</td>
                      <td><code>${e.detail === null ? '' : JSON.stringify(e.detail)}</code></td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            ${this.nextPageButton()}
          </section>`
          : nothing
      }`;
  }
}

customElements.define('tract-audit', AuditScreen);
