/** Contacts clipped by organizers: filters; an organizer sees and edits only its own (the relay enforces it). */
import { html, nothing, type TemplateResult } from 'lit';
import { api } from '../context.js';
import { dateTime, describeError, type Page, PagedScreen } from '../screen.js';

interface ContactRow {
  id: string;
  organizer: string | null;
  createdAt: string;
  contact: {
    network: string;
    handle: string;
    displayName: string;
    profileUrl: string;
    interaction: string;
    tags?: string[];
    supportLevel?: number;
    note?: string;
  };
}

const FILTERS = ['network', 'tag', 'supportLevel', 'interaction', 'organizer'] as const;

export class ContactsScreen extends PagedScreen<ContactRow> {
  static override properties = {
    ...PagedScreen.properties,
    editing: { state: true },
    message: { state: true },
  };

  declare editing: string | undefined;
  declare message: string;
  #filter: Record<string, string> = {};

  constructor() {
    super();
    this.message = '';
  }

  protected async fetchPage(cursor: string | undefined): Promise<Page<ContactRow>> {
    const page = await api.get<{ contacts: ContactRow[]; nextCursor: string | null }>('/v1/admin/contacts', { ...this.#filter, cursor });
    return { rows: page.contacts, nextCursor: page.nextCursor };
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.#filter = {};
    for (const name of FILTERS) {
      const value = String(data.get(name) ?? '').trim();
      if (value) this.#filter[name] = value;
    }
    void this.load();
  }

  async #save(event: SubmitEvent, row: ContactRow): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const level = String(data.get('supportLevel') ?? '');
    const tags = String(data.get('tags') ?? '')
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    const note = String(data.get('note') ?? '').trim();
    try {
      await api.post(`/v1/admin/contacts/${encodeURIComponent(row.id)}`, {
        supportLevel: level ? Number(level) : null,
        tags,
        note: note || null,
      });
      this.editing = undefined;
      this.message = this.t.contacts.saved;
      await this.load();
    } catch (error) {
      this.message = describeError(error);
    }
  }

  #editor(row: ContactRow): TemplateResult {
    const t = this.t.contacts;
    return html`<form @submit=${(e: SubmitEvent) => void this.#save(e, row)}>
      <div class="row">
        <div class="field">
          <label for=${`level-${row.id}`}>${t.supportLevel}</label>
          <select id=${`level-${row.id}`} name="supportLevel">
            <option value="">—</option>
            ${[1, 2, 3, 4, 5].map((n) => html`<option value=${n} ?selected=${row.contact.supportLevel === n}>${n}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for=${`tags-${row.id}`}>${t.tags}</label>
          <input id=${`tags-${row.id}`} name="tags" .value=${(row.contact.tags ?? []).join(', ')} aria-describedby=${`tags-hint-${row.id}`} />
          <p class="hint" id=${`tags-hint-${row.id}`}>${t.tagsHint}</p>
        </div>
        <div class="field">
          <label for=${`note-${row.id}`}>${t.note}</label>
          <input id=${`note-${row.id}`} name="note" .value=${row.contact.note ?? ''} maxlength="2000" />
        </div>
        <button type="submit">${this.t.save}</button>
        <button type="button" class="secondary" @click=${() => (this.editing = undefined)}>${this.t.cancel}</button>
      </div>
    </form>`;
  }

  override render(): TemplateResult {
    const t = this.t.contacts;
    const input = (name: string, label: string) =>
      html`<div class="field"><label for=${`c-${name}`}>${label}</label><input id=${`c-${name}`} name=${name} /></div>`;
    return html`<h1>${this.t.screens.contacts}</h1>
      <form class="card" @submit=${this.#submit}>
        <div class="row">
          ${input('network', t.network)} ${input('tag', t.tag)}
          <div class="field">
            <label for="c-supportLevel">${t.supportLevel}</label>
            <select id="c-supportLevel" name="supportLevel">
              <option value="">${this.t.any}</option>
              ${[1, 2, 3, 4, 5].map((n) => html`<option value=${n}>${n}</option>`)}
            </select>
          </div>
          ${input('interaction', t.interaction)} ${this.session.role === 'admin' ? input('organizer', t.organizer) : nothing}
          <button type="submit">${this.t.apply}</button>
        </div>
      </form>
      <p role="status">${this.message}</p>
      ${this.status()}
      ${
        this.rows
          ? html`<section class="card">
            <h2>${t.list}</h2>
            ${
              this.rows.length === 0
                ? html`<p>${this.t.none}</p>`
                : html`<ul class="contacts">
                  ${this.rows.map(
                    (row) => html`<li class="card">
                      <p>
                        <strong>${row.contact.displayName}</strong> — ${row.contact.network}:
                        <a href=${row.contact.profileUrl} rel="noreferrer noopener" target="_blank">${row.contact.handle}</a>
                      </p>
                      <p>
                        ${t.interaction}: ${row.contact.interaction}; ${t.supportLevel}: ${row.contact.supportLevel ?? '—'}; ${t.tags}:
                        ${(row.contact.tags ?? []).join(', ') || '—'}; ${t.clipped}: ${dateTime(row.createdAt)}
                        ${row.organizer ? html`(${row.organizer})` : nothing}
                      </p>
                      ${row.contact.note ? html`<p>${t.note}: ${row.contact.note}</p>` : nothing}
                      ${
                        this.editing === row.id
                          ? this.#editor(row)
                          : html`<button class="secondary" aria-label=${t.edit(row.contact.displayName)} @click=${() => (this.editing = row.id)}>
                            ${t.edit('')}
                          </button>`
                      }
                    </li>`,
                  )}
                </ul>`
            }
            ${this.nextPageButton()}
          </section>`
          : nothing
      }`;
  }
}

customElements.define('tract-contacts', ContactsScreen);
