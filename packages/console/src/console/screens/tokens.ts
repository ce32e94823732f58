/** Tokens (admin): create organizer and admin tokens (shown once), list them with last use, revoke. */
import { html, nothing, type TemplateResult } from 'lit';
import { api } from '../context.js';
import { dateTime, describeError, Screen } from '../screen.js';

interface TokenRow {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
}

export class TokensScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    tokens: { state: true },
    created: { state: true },
    message: { state: true },
  };

  declare tokens: TokenRow[] | undefined;
  declare created: { name: string; token: string } | undefined;
  declare message: string;

  constructor() {
    super();
    this.message = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    const list = await this.run(() => api.get<{ tokens: TokenRow[] }>('/v1/admin/tokens'));
    if (list) this.tokens = list.tokens;
  }

  async #create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const expires = String(data.get('expiresAt') ?? '');
    try {
      const created = await api.post<{ token: string; name: string }>('/v1/admin/tokens', {
        name: String(data.get('name') ?? ''),
        role: String(data.get('role') ?? 'organizer'),
        ...(expires ? { expiresAt: new Date(`${expires}T23:59:59Z`).toISOString() } : {}),
      });
      this.created = { name: created.name, token: created.token };
      this.message = '';
      form.reset();
      await this.load();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#new-token')?.select();
    } catch (error) {
      this.message = describeError(error);
    }
  }

  async #revoke(token: TokenRow): Promise<void> {
    if (!confirm(this.t.tokens.confirmRevoke(token.name))) return;
    try {
      await api.post(`/v1/admin/tokens/${encodeURIComponent(token.id)}/revoke`, {});
      await this.load();
    } catch (error) {
      this.message = describeError(error);
    }
  }

  override render(): TemplateResult {
    const t = this.t.tokens;
    return html`<h1>${this.t.screens.tokens}</h1>
      <form class="card" @submit=${(e: SubmitEvent) => void this.#create(e)}>
        <h2>${t.create}</h2>
        <div class="row">
          <div class="field">
            <label for="token-name">${t.name}</label>
            <input id="token-name" name="name" required maxlength="100" />
          </div>
          <div class="field">
            <label for="token-role">${t.role}</label>
            <select id="token-role" name="role">
              <option value="organizer">${this.t.roles.organizer}</option>
              <option value="admin">${this.t.roles.admin}</option>
            </select>
          </div>
          <div class="field">
            <label for="token-expires">${t.expiresAt}</label>
            <input id="token-expires" name="expiresAt" type="date" />
          </div>
          <button type="submit">${t.create}</button>
        </div>
        <p role="status" class="error">${this.message}</p>
        ${
          this.created
            ? html`<div role="alert">
              <p class="success">${t.created}</p>
              <label for="new-token">${t.newToken} (${this.created.name})</label>
              <input id="new-token" readonly .value=${this.created.token} size="60" />
            </div>`
            : nothing
        }
      </form>
      ${this.status()}
      ${
        this.tokens
          ? html`<section class="card">
            <h2>${t.list}</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label=${this.t.scrollableTable}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">${t.name}</th>
                    <th scope="col">${t.role}</th>
                    <th scope="col">${t.createdAt}</th>
                    <th scope="col">${t.lastUsed}</th>
                    <th scope="col">${t.status}</th>
                    <th scope="col"><span class="visually-hidden">${this.t.tokens.revoke('')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${this.tokens.map(
                    (token) => html`<tr>
                      <td>${token.name}</td>
                      <td>${this.t.roles[token.role] ?? token.role}</td>
                      <td>${dateTime(token.createdAt)}</td>
                      <td>${token.lastUsedAt ? dateTime(token.lastUsedAt) : t.never}</td>
                      <td>${token.revokedAt ? `${t.revoked} (${dateTime(token.revokedAt)})` : t.active}</td>
                      <td>
                        ${
                          token.revokedAt || token.id === this.session.tokenId
                            ? nothing
                            : html`<button class="secondary" aria-label=${t.revoke(token.name)} @click=${() => void this.#revoke(token)}>
                              ${t.revoke('')}
                            </button>`
                        }
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
          </section>`
          : nothing
      }`;
  }
}

customElements.define('tract-tokens', TokensScreen);
