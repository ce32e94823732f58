/**
 * The options page: which relay, which organizer token (checked against the
 * relay before it is saved), default tags, language, an optional passphrase
 * for the queue, and "forget all local data".
 */
import { browser } from 'wxt/browser';
import { forgetAllLocalData } from '../forget.js';
import { type Locale, localize, type MessageKey, resolveLanguage, type Translate, translator } from '../i18n/translate.js';
import { ContactQueue } from '../queue/contact-queue.js';
import { loadQueueKey, QueueLockedError, setPassphrase } from '../queue/key-store.js';
import { hasRelayAccess, requestRelayAccess } from '../relay-access.js';
import { checkSession, type SessionCheck } from '../relay-client.js';
import { type LanguageChoice, loadSettings, parseTags, type Settings, saveSettings } from '../settings.js';
import { byId } from '../ui/dom.js';

const PROBLEM_MESSAGES: Record<Extract<SessionCheck, { ok: false }>['problem'], MessageKey> = {
  invalid_url: 'relayInvalidUrl',
  insecure_url: 'relayInsecureUrl',
  unreachable: 'relayUnreachable',
  unauthorized: 'relayUnauthorized',
  not_organizer: 'relayNotOrganizer',
  origin_not_allowed: 'relayOriginNotAllowed',
  not_a_relay: 'relayNotARelay',
};

export class OptionsPage {
  private readonly t: Translate;

  private constructor(
    private readonly document: Document,
    private settings: Settings,
    private readonly locale: Locale,
  ) {
    this.t = translator(locale);
    localize(document, this.t, locale);
  }

  static async start(document: Document): Promise<OptionsPage> {
    const settings = await loadSettings();
    const page = new OptionsPage(document, settings, resolveLanguage(settings.language, browser.i18n.getUILanguage()));
    page.fill();
    page.wire();
    return page;
  }

  private field(name: string): HTMLInputElement {
    return byId<HTMLInputElement>(this.document, name);
  }

  private fill(): void {
    this.field('relayUrl').value = this.settings.relayUrl;
    this.field('organizerToken').value = this.settings.organizerToken;
    this.field('defaultTags').value = this.settings.defaultTags.join(', ');
    byId<HTMLSelectElement>(this.document, 'language').value = this.settings.language;
  }

  private wire(): void {
    byId(this.document, 'settings-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    byId(this.document, 'test-connection').addEventListener('click', () => void this.testConnection());
    byId(this.document, 'passphrase-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.protectWithPassphrase();
    });
    byId(this.document, 'forget-all').addEventListener('click', () => void this.forgetAll());
  }

  private status(text: string, id = 'settings-status'): void {
    byId(this.document, id).textContent = text;
  }

  /**
   * Asks for host access to the relay (started first, while the click still
   * counts as a user gesture) and checks the token against the relay. A relay
   * that answers is enough; the browser's answer matters only when it did not.
   * @param askAccess false for "test connection", which changes nothing
   */
  private async connect(askAccess: boolean): Promise<SessionCheck> {
    const relayUrl = this.field('relayUrl').value.trim();
    const token = this.field('organizerToken').value.trim();
    const access = askAccess ? this.askRelayAccess(relayUrl) : hasRelayAccess(relayUrl).catch(() => false);
    this.status(this.t('relayChecking'));
    const check = await checkSession(relayUrl, token, this.locale);
    if (!check.ok) {
      const detail = check.problem === 'origin_not_allowed' ? this.document.location.origin : (check.detail ?? '');
      const message = this.t(PROBLEM_MESSAGES[check.problem], detail);
      this.status(check.problem === 'unreachable' && !(await access) ? `${message} ${this.t('relayAccessDenied')}` : message);
    }
    return check;
  }

  private async askRelayAccess(relayUrl: string): Promise<boolean> {
    try {
      return (await hasRelayAccess(relayUrl)) || (await requestRelayAccess(relayUrl));
    } catch {
      // Not a URL: checkSession says so in the organizer's words.
      return false;
    }
  }

  private async testConnection(): Promise<void> {
    const check = await this.connect(false);
    if (check.ok) this.status(this.t('relayConnected', check.name));
  }

  /** Saves only a relay and token the relay accepted. */
  private async save(): Promise<void> {
    const check = await this.connect(true);
    if (!check.ok) {
      this.field('relayUrl').focus();
      return;
    }
    this.settings = {
      relayUrl: this.field('relayUrl').value.trim().replace(/\/+$/, ''),
      organizerToken: this.field('organizerToken').value.trim(),
      defaultTags: parseTags(this.field('defaultTags').value),
      language: byId<HTMLSelectElement>(this.document, 'language').value as LanguageChoice,
      teamName: check.name,
    };
    await saveSettings(this.settings);
    this.status(this.t('settingsSaved', check.name));
  }

  /** Switches the queue to a passphrase-derived key; only with an empty queue, so nothing becomes unreadable. */
  private async protectWithPassphrase(): Promise<void> {
    const passphrase = this.field('passphrase').value;
    if (passphrase.length < 12) {
      this.status(this.t('passphraseTooShort'), 'passphrase-status');
      return;
    }
    try {
      const queue = await ContactQueue.open(await loadQueueKey());
      const waiting = (await queue.list()).length;
      queue.close();
      if (waiting > 0) {
        this.status(this.t('passphraseQueueNotEmpty', waiting), 'passphrase-status');
        return;
      }
    } catch (error) {
      if (!(error instanceof QueueLockedError)) throw error;
      this.status(this.t('passphraseUnlockFirst'), 'passphrase-status');
      return;
    }
    await setPassphrase(passphrase);
    this.field('passphrase').value = '';
    this.status(this.t('passphraseSet'), 'passphrase-status');
  }

  private async forgetAll(): Promise<void> {
    if (!confirm(this.t('forgetAllConfirm'))) return;
    await forgetAllLocalData();
    this.settings = await loadSettings();
    this.fill();
    this.status(this.t('forgetAllDone'), 'forget-status');
  }
}
