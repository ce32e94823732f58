/** The panel's list of contacts waiting for the relay, each with "retry" and "discard". */
import type { Locale, Translate } from '../i18n/translate.js';
import { networkName } from '../notice.js';
import type { PendingContact } from '../queue/contact-queue.js';
import { byId } from '../ui/dom.js';

export interface PendingActions {
  retry(id: string): void;
  discard(id: string): void;
}

/** Renders the pending contacts into `#pending-list` and the count into `#pending-title`. */
export function renderPendingList(
  document: Document,
  pending: PendingContact[],
  t: Translate,
  locale: Locale,
  actions: PendingActions,
): void {
  byId(document, 'pending-title').textContent = t('pendingTitle', pending.length);
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  byId(document, 'pending-list').replaceChildren(
    ...pending.map((item) => {
      const row = document.createElement('li');
      row.className = 'pending-item';
      row.dataset.id = item.id;
      const who = document.createElement('p');
      who.className = 'who';
      who.textContent = item.contact
        ? t('pendingWho', item.contact.displayName, networkName(item.contact.network), time.format(item.queuedAt))
        : t('pendingUnreadable');
      row.append(who);
      if (item.lastError) {
        const error = document.createElement('p');
        error.className = 'field-error';
        error.textContent = item.rejected
          ? t('pendingRejected', item.lastError)
          : t('pendingWillRetry', item.lastError, time.format(item.nextAttemptAt));
        row.append(error);
      }
      const name = item.contact?.displayName ?? t('pendingUnreadableName');
      if (item.contact) row.append(button(document, t('retryButton'), t('retryLabel', name), () => actions.retry(item.id)));
      row.append(button(document, t('discardButton'), t('discardLabel', name), () => actions.discard(item.id)));
      return row;
    }),
  );
}

function button(document: Document, text: string, label: string, onClick: () => void): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = text;
  element.setAttribute('aria-label', label);
  element.addEventListener('click', onClick);
  return element;
}
