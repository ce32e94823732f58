/** What every screen of the console shares: the language, the API client and who is signed in. */
import { Api } from '../shared/api.js';
import { I18n } from '../shared/i18n.js';
import { en, fr } from './texts.js';

export const i18n = new I18n({ en, fr });
export const api = new Api('tract.console.token', () => i18n.locale);

export type Role = 'admin' | 'organizer';
export interface Session {
  role: Role;
  name: string;
  tokenId: string;
}
