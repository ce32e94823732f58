/**
 * The side panel: clips the person on the organizer's current tab when the
 * panel opens and whenever that tab moves to another page (single-page apps
 * included), lets the organizer log the interaction, queues the contact
 * encrypted, syncs the queue, and lists what still waits.
 *
 * Nothing is read in the background: the page is read only by the clip script
 * the panel injects into the tab the organizer opened it on (`activeTab`).
 */
import type { Contact } from '@tract/sdk/schema';
import { browser } from 'wxt/browser';
import type { ClipResult } from '../clip.js';
import { isClipRequest } from '../clip-request.js';
import { buildContact, needsInformNotice } from '../contact.js';
import { forgetAllLocalData } from '../forget.js';
import { type Locale, localize, resolveLanguage, type Translate, translator } from '../i18n/translate.js';
import { estimatedRetainUntil, formatDate, informNotice, networkName } from '../notice.js';
import { ContactQueue } from '../queue/contact-queue.js';
import { loadQueueKey, QueueLockedError, unlockWithPassphrase, WrongPassphraseError } from '../queue/key-store.js';
import { nextRetryAt, syncQueue } from '../queue/sync.js';
import { relaySender } from '../relay-client.js';
import { isConfigured, loadRecentTags, loadSettings, rememberTags, type Settings } from '../settings.js';
import { byId, copyText } from '../ui/dom.js';
import { ContactForm } from './contact-form.js';
import { renderPendingList } from './pending-list.js';

/** The clip script WXT builds from `entrypoints/clip.ts`. */
const CLIP_SCRIPT = '/clip.js';
/** Tab updates come in bursts (URL, title, loading states): read the page once they settle. */
const RECLIP_DELAY_MS = 150;

export interface SidePanelOptions {
  /**
   * The tab to clip. Set when the panel page is opened in a tab of its own
   * (Firefox without a sidebar, tests); otherwise the panel follows the
   * active tab of its window.
   */
  tabId?: number;
}

export class SidePanel {
  private readonly t: Translate;
  private readonly form: ContactForm;
  private queue: ContactQueue | undefined;
  private tabId: number | undefined;
  private clip: Extract<ClipResult, { found: true }> | undefined;
  private reclipTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private syncing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly document: Document,
    private settings: Settings,
    private readonly locale: Locale,
    private readonly followActiveTab: boolean,
  ) {
    this.t = translator(locale);
    localize(document, this.t, locale);
    this.form = new ContactForm(document, this.t);
  }

  /** Sets the panel up on `document` and clips the target tab. */
  static async start(document: Document, options: SidePanelOptions = {}): Promise<SidePanel> {
    const settings = await loadSettings();
    const locale = resolveLanguage(settings.language, browser.i18n.getUILanguage());
    const panel = new SidePanel(document, settings, locale, options.tabId === undefined);
    panel.tabId = options.tabId ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    panel.wire();
    byId(document, 'setup-needed').hidden = isConfigured(settings);
    panel.form.suggestTags(await loadRecentTags());
    await Promise.all([panel.openQueue(), panel.clipTab()]);
    return panel;
  }

  private wire(): void {
    const { document } = this;
    byId(document, 'open-options').addEventListener('click', () => browser.runtime.openOptionsPage());
    byId(document, 'reclip').addEventListener('click', () => this.clipTab());
    this.form.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    byId(document, 'unlock-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.unlock();
    });
    byId(document, 'forget-all').addEventListener('click', () => this.forgetAll());
    byId(document, 'close-reminder').addEventListener('click', () => {
      byId(document, 'reminder').hidden = true;
    });
    for (const button of document.querySelectorAll<HTMLButtonElement>('[data-copy]')) {
      button.addEventListener('click', () => copyText(byId<HTMLTextAreaElement>(document, button.dataset.copy ?? '')));
    }
    browser.tabs.onUpdated.addListener((tabId, change) => {
      if (tabId === this.tabId && (change.url !== undefined || change.title !== undefined || change.status === 'complete'))
        this.scheduleReclip();
    });
    if (this.followActiveTab) {
      browser.tabs.onActivated.addListener(({ tabId }) => {
        this.tabId = tabId;
        this.scheduleReclip();
      });
    }
    // The toolbar button (or shortcut) pressed while the panel is already open: that press just granted access to the tab.
    browser.runtime.onMessage.addListener((message: unknown) => {
      if (!isClipRequest(message)) return;
      if (this.followActiveTab) this.tabId = message.tabId;
      if (message.tabId === this.tabId) this.scheduleReclip();
    });
    browser.storage.local.onChanged.addListener((changes) => {
      if (changes.settings) void this.reloadSettings();
    });
    // "Forget all local data" from another page removed the key: this panel's queue is gone too.
    browser.storage.session.onChanged.addListener((changes) => {
      if (changes.queueKey && changes.queueKey.newValue === undefined) void this.dropQueue();
    });
  }

  private scheduleReclip(): void {
    clearTimeout(this.reclipTimer);
    this.reclipTimer = setTimeout(() => void this.clipTab(), RECLIP_DELAY_MS);
  }

  private setStatus(text: string): void {
    byId(this.document, 'clip-status').textContent = text;
  }

  /** Reads the person on the target tab with the clip script and shows them, or says why not. */
  async clipTab(): Promise<void> {
    this.setStatus(this.t('clipReading'));
    const result = this.tabId === undefined ? undefined : await this.runClipScript(this.tabId);
    if (!result) {
      this.clip = undefined;
      this.form.hide();
      this.setStatus(this.t('clipNoAccess'));
      return;
    }
    if (!result.found) {
      this.clip = undefined;
      this.form.hide();
      const reasons = {
        login_wall: 'clipLoginWall',
        unsupported_page: 'clipUnsupportedPage',
        unsupported_site: 'clipUnsupportedSite',
      } as const;
      this.setStatus(this.t(reasons[result.reason]));
      return;
    }
    const sameProfile = this.clip?.profile.profileUrl === result.profile.profileUrl && this.clip.pageUrl === result.pageUrl;
    this.clip = result;
    this.setStatus(this.t('clipFound', result.profile.displayName, networkName(result.profile.network)));
    // Re-reading the same page (a title change, a late "complete") must not wipe what the organizer typed.
    if (!sameProfile || this.form.form.hidden) this.form.show(result.profile, this.settings.defaultTags);
    this.document.body.dataset.clipped = result.profile.profileUrl;
    // Read by the benchmark: time from opening the panel to the person shown.
    performance.mark('tract:profile-shown');
  }

  private async runClipScript(tabId: number): Promise<ClipResult | undefined> {
    try {
      const [injection] = await browser.scripting.executeScript({ target: { tabId }, files: [CLIP_SCRIPT] });
      return injection?.result as ClipResult | undefined;
    } catch {
      // No access: the organizer has not opened the panel on this tab (activeTab), or it is a browser page.
      return undefined;
    }
  }

  private async openQueue(): Promise<void> {
    try {
      this.useQueue(await ContactQueue.open(await loadQueueKey()));
    } catch (error) {
      if (!(error instanceof QueueLockedError)) throw error;
      byId(this.document, 'unlock-form').hidden = false;
      await this.renderPending();
    }
  }

  private useQueue(queue: ContactQueue): void {
    this.queue = queue;
    byId(this.document, 'unlock-form').hidden = true;
    void this.sync();
  }

  private async unlock(): Promise<void> {
    const input = byId<HTMLInputElement>(this.document, 'unlock-passphrase');
    const error = byId(this.document, 'unlock-error');
    try {
      const key = await unlockWithPassphrase(input.value);
      input.value = '';
      error.textContent = '';
      this.useQueue(await ContactQueue.open(key));
    } catch (failure) {
      if (!(failure instanceof WrongPassphraseError)) throw failure;
      error.textContent = this.t('unlockWrong');
      input.focus();
    }
  }

  /** One explicit save: one contact, validated, sealed and queued, then sent when the relay is reachable. */
  async save(): Promise<void> {
    const saveButton = byId<HTMLButtonElement>(this.document, 'save');
    if (!this.clip || saveButton.disabled) return;
    if (!this.queue) await this.openQueue();
    if (!this.queue) {
      byId(this.document, 'form-error').textContent = this.t('queueLocked');
      return;
    }
    saveButton.disabled = true;
    performance.mark('tract:save');
    try {
      const { profile, entry } = this.form.read();
      const built = buildContact(profile, entry, { pageUrl: this.clip.pageUrl, capturedAt: new Date() }, this.locale);
      if (!built.ok) {
        this.form.showIssues(built.issues);
        return;
      }
      const id = await this.queue.enqueue(built.contact);
      performance.measure('tract:save-to-queued', 'tract:save');
      await rememberTags(built.contact.tags ?? []);
      this.form.suggestTags(await loadRecentTags());
      this.form.hide();
      this.clip = undefined;
      this.setStatus(this.t('savedQueued', built.contact.displayName));
      this.showReminder(id, built.contact);
      // The form (and the button that had focus) is gone: keep keyboard users where the news is.
      byId(this.document, byId(this.document, 'reminder').hidden ? 'clip-status' : 'reminder-title').focus();
      await this.renderPending();
      void this.sync();
    } finally {
      saveButton.disabled = false;
    }
  }

  private showReminder(id: string, contact: Contact, retainUntil?: string): void {
    const reminder = byId(this.document, 'reminder');
    if (!needsInformNotice(contact)) {
      reminder.hidden = true;
      return;
    }
    const until = retainUntil ?? estimatedRetainUntil(contact.capturedAt);
    reminder.dataset.id = id;
    byId(this.document, 'reminder-intro').textContent = this.t('reminderIntro', contact.displayName, networkName(contact.network));
    byId(this.document, 'reminder-retention').textContent = this.t(
      retainUntil ? 'reminderRetention' : 'reminderRetentionEstimate',
      formatDate(until, this.locale),
    );
    byId<HTMLTextAreaElement>(this.document, 'notice-fr').value = informNotice(contact, this.settings.teamName, until, 'fr');
    byId<HTMLTextAreaElement>(this.document, 'notice-en').value = informNotice(contact, this.settings.teamName, until, 'en');
    reminder.hidden = false;
  }

  /** Sends what is due (or the given ids), then schedules the next automatic attempt. */
  sync(only?: string[]): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncOnce(only));
    return this.syncing;
  }

  private async syncOnce(only?: string[]): Promise<void> {
    const queue = this.queue;
    if (!queue) return;
    clearTimeout(this.retryTimer);
    const status = byId(this.document, 'sync-status');
    if (isConfigured(this.settings)) {
      const report = await syncQueue(queue, relaySender(this.settings, this.locale), only ? { only } : {});
      const reminder = byId(this.document, 'reminder');
      for (const sent of report.sent) {
        if (!reminder.hidden && reminder.dataset.id === sent.id) this.showReminder(sent.id, sent.contact, sent.retainUntil);
      }
      if (report.sent.length > 0) status.textContent = this.t('syncSent', report.sent.length);
      else if (report.failed.length > 0) status.textContent = this.t('syncFailed', report.failed.length);
      const next = await nextRetryAt(queue);
      if (next !== undefined) this.retryTimer = setTimeout(() => void this.sync(), Math.max(0, next - Date.now()));
    } else {
      status.textContent = this.t('syncNotConfigured');
    }
    await this.renderPending();
  }

  private async renderPending(): Promise<void> {
    const pending = this.queue ? await this.queue.list() : [];
    renderPendingList(this.document, pending, this.t, this.locale, {
      retry: (id) => void this.sync([id]),
      discard: (id) => void this.discard(id),
    });
    this.document.body.dataset.pending = String(pending.length);
  }

  private async discard(id: string): Promise<void> {
    await this.queue?.remove(id);
    await this.renderPending();
  }

  private async reloadSettings(): Promise<void> {
    this.settings = await loadSettings();
    // Every string was rendered in the old language: start again in the new one.
    if (resolveLanguage(this.settings.language, browser.i18n.getUILanguage()) !== this.locale) this.document.location.reload();
    byId(this.document, 'setup-needed').hidden = isConfigured(this.settings);
    void this.sync();
  }

  private async dropQueue(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.queue?.close();
    this.queue = undefined;
    await this.renderPending();
  }

  private async forgetAll(): Promise<void> {
    if (!confirm(this.t('forgetAllConfirm'))) return;
    await this.dropQueue();
    await forgetAllLocalData();
    this.settings = await loadSettings();
    byId(this.document, 'reminder').hidden = true;
    byId(this.document, 'setup-needed').hidden = isConfigured(this.settings);
    this.form.suggestTags([]);
    byId(this.document, 'sync-status').textContent = this.t('forgetAllDone');
    await this.renderPending();
    this.document.body.dataset.forgotten = 'true';
  }
}
