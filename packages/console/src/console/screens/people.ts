/** People (admin): server-side search and filters, pages by cursor, CSV export of what the filters match. */
import { html, nothing, type TemplateResult } from 'lit';
import { api, i18n } from '../context.js';
import { dateTime, describeError, type Page, PagedScreen, saveFile } from '../screen.js';

interface PersonRow {
  id: string;
  email: string;
  givenName: string | null;
  familyName: string | null;
  postalCode: string | null;
  locality: string | null;
  createdAt: string;
}

const FILTERS = ['q', 'by', 'kind', 'form', 'source', 'purpose', 'from', 'to'] as const;

export class PeopleScreen extends PagedScreen<PersonRow> {
  static override properties = {
    ...PagedScreen.properties,
    exportMessage: { state: true },
  };

  declare exportMessage: string;
  #filter: Record<string, string> = {};

  constructor() {
    super();
    this.exportMessage = '';
  }

  protected async fetchPage(cursor: string | undefined): Promise<Page<PersonRow>> {
    const body: Record<string, unknown> = { ...this.#filter };
    if (cursor) body.cursor = cursor;
    const page = await api.post<{ people: PersonRow[]; nextCursor: string | null }>('/v1/admin/people/search', body);
    return { rows: page.people, nextCursor: page.nextCursor };
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.#filter = {};
    for (const name of FILTERS) {
      const value = String(form.get(name) ?? '').trim();
      if (value) this.#filter[name] = value;
    }
    this.exportMessage = '';
    void this.load();
  }

  async #export(): Promise<void> {
    this.exportMessage = '';
    try {
      const { blob, filename } = await api.downloadPost('/v1/admin/people/csv', this.#filter);
      saveFile(blob, filename);
      this.exportMessage = this.t.people.exported(filename);
    } catch (error) {
      this.exportMessage = describeError(error);
    }
  }

  #form(): TemplateResult {
    const t = this.t.people;
    const input = (name: string, label: string, type = 'text', hint?: string) =>
      html`<div class="field">
        <label for=${`f-${name}`}>${label}</label>
        <input id=${`f-${name}`} name=${name} type=${type} aria-describedby=${hint ? `f-${name}-hint` : nothing} />
        ${hint ? html`<p class="hint" id=${`f-${name}-hint`}>${hint}</p>` : nothing}
      </div>`;
    return html`<form class="card" role="search" @submit=${this.#submit}>
      <div class="row">
        ${input('q', t.search, 'search', t.searchHint)}
        <div class="field">
          <label for="f-by">${t.by}</label>
          <select id="f-by" name="by">
            <option value="">${t.byAuto}</option>
            <option value="email">${t.byEmail}</option>
            <option value="name">${t.byName}</option>
            <option value="postal_code">${t.byPostal}</option>
          </select>
        </div>
      </div>
      <fieldset>
        <legend>${t.filters}</legend>
        <div class="row">
          <div class="field">
            <label for="f-kind">${t.kind}</label>
            <select id="f-kind" name="kind">
              <option value="">${this.t.any}</option>
              ${Object.entries(this.t.kinds)
                .filter(([kind]) => kind !== 'contact')
                .map(([kind, label]) => html`<option value=${kind}>${label}</option>`)}
            </select>
          </div>
          ${input('form', t.form)} ${input('source', t.source)} ${input('purpose', t.purpose)} ${input('from', t.from, 'date')}
          ${input('to', t.to, 'date')}
        </div>
      </fieldset>
      <div class="row">
        <button type="submit">${t.search}</button>
        <button type="button" class="secondary" @click=${() => void this.#export()}>${t.export}</button>
      </div>
      <p role="status" class="hint">${this.exportMessage}</p>
    </form>`;
  }

  override render(): TemplateResult {
    const t = this.t.people;
    const people = this.rows;
    return html`<h1>${this.t.screens.people}</h1>
      ${this.#form()} ${this.status()}
      ${
        people
          ? html`<section class="card" aria-labelledby="results-title">
            <h2 id="results-title">${t.results}</h2>
            ${
              people.length === 0
                ? html`<p>${this.t.none}</p>`
                : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${this.t.scrollableTable}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">${t.name}</th>
                        <th scope="col">${t.email}</th>
                        <th scope="col">${t.postalCode}</th>
                        <th scope="col">${t.locality}</th>
                        <th scope="col">${t.created}</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${people.map((p) => {
                        const name = [p.givenName, p.familyName].filter(Boolean).join(' ') || p.email;
                        return html`<tr>
                          <td><a href=${`#/person/${p.id}`}>${name}</a></td>
                          <td>${p.email}</td>
                          <td>${p.postalCode ?? ''}</td>
                          <td>${p.locality ?? ''}</td>
                          <td>${dateTime(p.createdAt)}</td>
                        </tr>`;
                      })}
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

customElements.define('tract-people', PeopleScreen);
void i18n;
