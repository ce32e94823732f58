/**
 * `<tract-field-screen>`: the console's field mode for admins: the lists with
 * their progress, a form to build a list, and for one list its outcomes and
 * support levels (bars with the same figures in a table), its volunteers with
 * their pace and flags (revoke, invite), and the reveal audit log.
 */
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../../shared/api.js';
import { baseStyles, statusLineStyles } from '../../shared/styles.js';
import { api, i18n } from '../context.js';
import { fieldScreenStyles } from './field-styles.js';
import { en, type FieldTexts, fr } from './field-texts.js';

interface Progress {
  size: number;
  reached: number;
  remaining: number;
  outcomes: Record<string, number>;
  supportLevels: Record<string, number>;
}

interface ListSummary {
  id: string;
  kind: string;
  name: string;
  size: number;
  progress: Progress;
}

interface Volunteer {
  id: string;
  name: string;
  status: string;
  revealsTotal: number;
  revealsLastHour: number;
  results: number;
  flags: number;
  flaggedAt: string | null;
}

interface ListDetail extends ListSummary {
  volunteers: Volunteer[];
}

interface Reveal {
  at: string;
  volunteer: string | null;
  givenName: string | null;
}

const texts = (): FieldTexts => (i18n.locale === 'fr' ? fr : en);

export class TractFieldScreen extends LitElement {
  static override styles = [baseStyles, statusLineStyles, fieldScreenStyles];
  static override properties = {
    lists: { state: true },
    detail: { state: true },
    reveals: { state: true },
    invitation: { state: true },
    message: { state: true },
    problem: { state: true },
  };

  declare lists: ListSummary[] | undefined;
  declare detail: ListDetail | undefined;
  declare reveals: Reveal[];
  declare invitation: string;
  declare message: string;
  declare problem: string;
  #unsubscribe: (() => void) | undefined;

  constructor() {
    super();
    this.reveals = [];
    this.invitation = '';
    this.message = '';
    this.problem = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#unsubscribe = i18n.subscribe(() => this.requestUpdate());
    void this.#loadLists();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
  }

  async #run(work: () => Promise<void>): Promise<void> {
    this.problem = '';
    try {
      await work();
    } catch (error) {
      this.problem =
        error instanceof ApiError ? [error.message, ...error.issues.map((i) => `${i.path}: ${i.message}`)].join(' ') : String(error);
    }
  }

  #loadLists(): Promise<void> {
    return this.#run(async () => {
      this.lists = (await api.get<{ lists: ListSummary[] }>('/v1/admin/field/lists')).lists;
    });
  }

  /** Opens a list; `keepInvitation` keeps the link just created on screen (it is shown only once). */
  #open(id: string, keepInvitation = false): Promise<void> {
    return this.#run(async () => {
      if (!keepInvitation) this.invitation = '';
      this.detail = await api.get<ListDetail>(`/v1/admin/field/lists/${encodeURIComponent(id)}`);
      this.reveals = (await api.get<{ reveals: Reveal[] }>(`/v1/admin/field/lists/${encodeURIComponent(id)}/reveals`)).reveals;
    });
  }

  #create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const split = (name: string) =>
      String(data.get(name) ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    const postalCodePrefixes = split('postalCodes');
    const actionKinds = split('actionKinds');
    return this.#run(async () => {
      const created = await api.post<{ id: string; size: number }>('/v1/admin/field/lists', {
        kind: data.get('kind'),
        name: String(data.get('name') ?? ''),
        filter: { ...(postalCodePrefixes.length ? { postalCodePrefixes } : {}), ...(actionKinds.length ? { actionKinds } : {}) },
        script: { fr: String(data.get('scriptFr') ?? ''), en: String(data.get('scriptEn') ?? '') },
        sliceSize: Number(data.get('sliceSize')),
        cooldownDays: Number(data.get('cooldownDays')),
      });
      this.message = texts().created(created.size);
      form.reset();
      await this.#loadLists();
    });
  }

  #invite(event: SubmitEvent, listId: string): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = String(new FormData(form).get('volunteerName') ?? '').trim();
    return this.#run(async () => {
      const created = await api.post<{ path: string }>(`/v1/admin/field/lists/${encodeURIComponent(listId)}/invitations`, { name });
      this.invitation = new URL(created.path, location.origin).href;
      form.reset();
      await this.#open(listId, true);
    });
  }

  #revoke(volunteer: Volunteer, listId: string): Promise<void> {
    return this.#run(async () => {
      await api.post(`/v1/admin/field/volunteers/${encodeURIComponent(volunteer.id)}/revoke`, {});
      await this.#open(listId);
    });
  }

  override render(): TemplateResult {
    const t = texts();
    return html`<section aria-labelledby="field-title">
      <h1 id="field-title">${t.title}</h1>
      <p class="muted">${t.intro}</p>
      <p class="status" role="status">${this.message}</p>
      <p class="error" role="alert">${this.problem}</p>
      ${this.detail ? this.#detail(this.detail) : this.#overview()}
    </section>`;
  }

  #overview(): TemplateResult {
    const t = texts();
    return html`<h2>${t.lists}</h2>
      ${
        !this.lists?.length
          ? html`<p>${t.none}</p>`
          : html`<div class="scroll"><table>
            <thead><tr><th scope="col">${t.columns.name}</th><th scope="col">${t.columns.kind}</th><th scope="col">${t.columns.size}</th><th scope="col">${t.columns.reached}</th><th scope="col">${t.columns.remaining}</th><th scope="col"><span class="visually-hidden">${t.open}</span></th></tr></thead>
            <tbody>${this.lists.map(
              (list) => html`<tr>
                <th scope="row">${list.name}</th>
                <td>${t.kind[list.kind] ?? list.kind}</td>
                <td>${i18n.number(list.size)}</td>
                <td><progress max=${list.size || 1} value=${list.progress.reached} aria-hidden="true"></progress> ${i18n.number(list.progress.reached)}</td>
                <td>${i18n.number(list.progress.remaining)}</td>
                <td><button class="secondary" @click=${() => void this.#open(list.id)}>${t.open} <span class="visually-hidden">${list.name}</span></button></td>
              </tr>`,
            )}</tbody></table></div>`
      }
      ${this.#createForm()}`;
  }

  #createForm(): TemplateResult {
    const t = texts();
    const f = t.fields;
    return html`<form class="create" @submit=${(e: SubmitEvent) => void this.#create(e)}>
      <h2>${t.newList}</h2>
      <div class="field"><label for="name">${f.name}</label><input id="name" name="name" required maxlength="120" /></div>
      <div class="field"><label for="kind">${f.kind}</label>
        <select id="kind" name="kind"><option value="call">${t.kind.call}</option><option value="door">${t.kind.door}</option></select></div>
      <div class="field"><label for="postalCodes">${f.postalCodes}</label><input id="postalCodes" name="postalCodes" /></div>
      <div class="field"><label for="actionKinds">${f.actionKinds}</label><input id="actionKinds" name="actionKinds" /></div>
      <div class="field"><label for="scriptFr">${f.scriptFr}</label><textarea id="scriptFr" name="scriptFr" lang="fr" rows="3" required></textarea></div>
      <div class="field"><label for="scriptEn">${f.scriptEn}</label><textarea id="scriptEn" name="scriptEn" lang="en" rows="3" required></textarea></div>
      <div class="field"><label for="sliceSize">${f.sliceSize}</label><input id="sliceSize" name="sliceSize" type="number" min="1" max="50" value="25" /></div>
      <div class="field"><label for="cooldownDays">${f.cooldownDays}</label><input id="cooldownDays" name="cooldownDays" type="number" min="0" max="365" value="30" /></div>
      <button type="submit">${t.create}</button>
    </form>`;
  }

  /** Bars (a picture of the table beside it, hidden from screen readers) and the table with the same figures. */
  #breakdown(caption: string, head: string, rows: [string, number][], total: number): TemplateResult {
    const t = texts();
    return html`<figure>
      <figcaption>${caption}</figcaption>
      <div class="bars" aria-hidden="true">
        ${rows.map(([label, count]) => html`<div class="bar"><span>${label}</span><progress max=${total || 1} value=${count}></progress></div>`)}
      </div>
      <table>
        <thead><tr><th scope="col">${head}</th><th scope="col">${t.count}</th></tr></thead>
        <tbody>${rows.map(([label, count]) => html`<tr><th scope="row">${label}</th><td>${i18n.number(count)}</td></tr>`)}</tbody>
      </table>
    </figure>`;
  }

  #detail(list: ListDetail): TemplateResult {
    const t = texts();
    const p = list.progress;
    const outcomes = Object.keys(t.outcomeNames).map((o) => [t.outcomeNames[o]!, p.outcomes[o] ?? 0] as [string, number]);
    const levels = ['1', '2', '3', '4', '5'].map((l) => [l, p.supportLevels[l] ?? 0] as [string, number]);
    const c = t.volunteerColumns;
    return html`<button class="secondary" @click=${() => {
      this.detail = undefined;
      void this.#loadLists();
    }}>${t.back}</button>
      <h2>${list.name} · ${t.kind[list.kind] ?? list.kind}</h2>
      ${this.#breakdown(
        t.progress,
        t.columns.name,
        [
          [t.columns.reached, p.reached],
          [t.columns.remaining, p.remaining],
        ],
        p.size,
      )}
      ${this.#breakdown(t.outcomes, t.outcome, outcomes, p.reached)}
      ${this.#breakdown(t.supportLevels, t.level, levels, p.reached)}
      <h3>${t.volunteers}</h3>
      <div class="scroll"><table>
        <thead><tr><th scope="col">${c.name}</th><th scope="col">${c.status}</th><th scope="col">${c.reveals}</th><th scope="col">${c.results}</th><th scope="col">${c.flags}</th><th scope="col">${c.actions}</th></tr></thead>
        <tbody>${list.volunteers.map(
          (v) => html`<tr class=${v.flags > 0 ? 'flagged' : ''}>
            <th scope="row">${v.name}</th>
            <td>${t.statuses[v.status] ?? v.status}</td>
            <td>${v.revealsLastHour} / ${v.revealsTotal}</td>
            <td>${v.results}</td>
            <td>${v.flags > 0 && v.flaggedAt ? t.flagged(v.flags, i18n.dateTime(v.flaggedAt)) : '0'}</td>
            <td>${v.status === 'revoked' ? nothing : html`<button class="danger" @click=${() => void this.#revoke(v, list.id)}>${t.revoke(v.name)}</button>`}</td>
          </tr>`,
        )}</tbody>
      </table></div>
      <form class="invite" @submit=${(e: SubmitEvent) => void this.#invite(e, list.id)}>
        <h3>${t.invite}</h3>
        <div class="field"><label for="volunteerName">${t.volunteerName}</label><input id="volunteerName" name="volunteerName" required maxlength="120" /></div>
        <button type="submit">${t.inviteButton}</button>
      </form>
      ${this.invitation ? html`<p>${t.invitationLink}</p><p><code class="link">${this.invitation}</code></p>` : nothing}
      <h3>${t.reveals}</h3>
      <div class="scroll"><table>
        <thead><tr><th scope="col">${t.revealColumns.at}</th><th scope="col">${t.revealColumns.volunteer}</th><th scope="col">${t.revealColumns.person}</th></tr></thead>
        <tbody>${this.reveals.map((r) => html`<tr><td>${i18n.dateTime(r.at)}</td><td>${r.volunteer ?? ''}</td><td>${r.givenName ?? ''}</td></tr>`)}</tbody>
      </table></div>`;
  }
}

customElements.define('tract-field-screen', TractFieldScreen);
