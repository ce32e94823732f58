/**
 * The relay's admin API from the browser: same origin, a bearer token held in
 * `sessionStorage` only (gone when the tab closes, never sent by the browser
 * on its own: no cookie, so no cross-site request can use it), no referrer.
 * Each app names its own storage key, so the console's and the field page's
 * tokens never mix.
 */
import type { Locale } from './i18n.js';

/** The relay refused a request: its status, error code and, for bad input, which fields and why. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | undefined | null>;

export class Api {
  constructor(
    private readonly storageKey: string,
    private readonly locale: () => Locale,
  ) {}

  get token(): string | null {
    return sessionStorage.getItem(this.storageKey);
  }

  remember(token: string): void {
    sessionStorage.setItem(this.storageKey, token);
  }

  forget(): void {
    sessionStorage.removeItem(this.storageKey);
  }

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.request<T>('GET', path, query);
  }

  post<T>(path: string, body: unknown, query: Query = {}): Promise<T> {
    return this.request<T>('POST', path, query, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path, {});
  }

  /** A file the relay answers (a CSV export): its bytes and the name the relay gives it. */
  async download(path: string, query: Query = {}): Promise<{ blob: Blob; filename: string }> {
    const response = await this.send('GET', path, query);
    const disposition = response.headers.get('content-disposition') ?? '';
    const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'export';
    return { blob: await response.blob(), filename };
  }

  /** A file the relay answers to a POST (a CSV export whose filter may hold an email). */
  async downloadPost(path: string, body: unknown): Promise<{ blob: Blob; filename: string }> {
    const response = await this.send('POST', path, {}, body);
    const disposition = response.headers.get('content-disposition') ?? '';
    const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'export';
    return { blob: await response.blob(), filename };
  }

  private async request<T>(method: string, path: string, query: Query, body?: unknown): Promise<T> {
    const response = await this.send(method, path, query, body);
    return (await response.json()) as T;
  }

  private async send(method: string, path: string, query: Query, body?: unknown): Promise<Response> {
    const url = new URL(path, location.origin);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { 'Accept-Language': this.locale() };
    const token = this.token;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
    });
    if (response.ok) return response;
    const error = (await response.json().catch(() => ({}))) as {
      error?: { code?: string; message?: string; issues?: { path: string; message: string }[] };
    };
    throw new ApiError(
      response.status,
      error.error?.code ?? 'http_error',
      error.error?.message ?? `HTTP ${response.status}`,
      error.error?.issues ?? [],
    );
  }
}
