/**
 * What every screen shares: the shared look, re-rendering when the language
 * changes, and loading state (a message while loading, the relay's own error
 * message, in the reader's language, when a call fails).
 */
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../shared/api.js';
import { baseStyles } from '../shared/styles.js';
import { i18n, type Session } from './context.js';

export abstract class Screen extends LitElement {
  static override styles = [baseStyles];
  static override properties = {
    session: { attribute: false },
    error: { state: true },
    loading: { state: true },
  };

  declare session: Session;
  declare error: string;
  declare loading: boolean;
  #unsubscribe: (() => void) | undefined;

  constructor() {
    super();
    this.error = '';
    this.loading = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#unsubscribe = i18n.subscribe(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
  }

  get t() {
    return i18n.t;
  }

  /** Runs `work` with the loading flag set; a failure becomes the screen's error message. */
  protected async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.loading = true;
    this.error = '';
    try {
      return await work();
    } catch (error) {
      this.error = describeError(error);
      return undefined;
    } finally {
      this.loading = false;
    }
  }

  protected status(): TemplateResult | typeof nothing {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    if (this.loading) return html`<p role="status">${i18n.t.loading}</p>`;
    return nothing;
  }
}

/** One page of a cursor-paginated list, and the cursor of the next one (null on the last). */
export interface Page<Row> {
  rows: Row[];
  nextCursor: string | null;
}

/**
 * A screen listing rows a page at a time: the first page when it connects
 * (or `load()` again after its filter changed), the next ones appended.
 */
export abstract class PagedScreen<Row> extends Screen {
  static override properties = { ...Screen.properties, rows: { state: true }, nextCursor: { state: true } };

  /** Undefined until the first page arrived. */
  declare rows: Row[] | undefined;
  declare nextCursor: string | null;

  constructor() {
    super();
    this.nextCursor = null;
  }

  /** The page starting at `cursor` (the first one without). */
  protected abstract fetchPage(cursor: string | undefined): Promise<Page<Row>>;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** The first page (replacing the list), or the page at `cursor` (appended). */
  async load(cursor?: string): Promise<void> {
    const page = await this.run(() => this.fetchPage(cursor));
    if (!page) return;
    this.rows = cursor ? [...(this.rows ?? []), ...page.rows] : page.rows;
    this.nextCursor = page.nextCursor;
  }

  /** The button that appends the next page, when there is one. */
  protected nextPageButton(): TemplateResult | typeof nothing {
    const cursor = this.nextCursor;
    return cursor ? html`<button class="secondary" @click=${() => void this.load(cursor)}>${this.t.next}</button>` : nothing;
  }
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const issues = error.issues.map((issue) => `${issue.path}: ${issue.message}`).join(' ');
    return issues ? `${error.message} ${issues}` : error.message;
  }
  return i18n.t.signIn.unreachable;
}

export function dateTime(iso: string | null | undefined): string {
  return iso ? i18n.dateTime(iso) : '—';
}

export function money(minor: number, currency: string): string {
  try {
    return new Intl.NumberFormat(i18n.locale, { style: 'currency', currency }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/** Saves `blob` as a file named `filename` (an export the relay answered). */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A localized title of a petition or event (a string, or `{fr, en}`). */
export function titleOf(title: unknown): string {
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object') {
    const byLocale = title as Record<string, string>;
    return byLocale[i18n.locale] ?? byLocale.en ?? byLocale.fr ?? Object.values(byLocale)[0] ?? '';
  }
  return '';
}
