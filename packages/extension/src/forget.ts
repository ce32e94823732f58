/** "Forget all local data": the organizer's way to leave nothing behind on this browser. */
import { browser } from 'wxt/browser';
import { deleteQueueDatabase } from './queue/contact-queue.js';

/**
 * Deletes the queue database and clears `storage.local` (settings, token,
 * recent tags, passphrase salt) and `storage.session` (the queue key).
 * Close any open {@link ContactQueue} first, or the deletion waits for it.
 */
export async function forgetAllLocalData(): Promise<void> {
  await deleteQueueDatabase();
  await browser.storage.local.clear();
  await browser.storage.session.clear();
}
