/**
 * Where the queue key lives. By default a random key kept in `storage.session`
 * (memory only, gone when the browser closes: queued contacts left behind then
 * become unreadable, which is the point). An organizer whose browser keeps
 * nothing between sessions sets a passphrase instead: the key is derived from
 * it, so the queue can be unlocked again after a restart.
 */
import { browser } from 'wxt/browser';
import {
  deriveQueueKey,
  exportQueueKey,
  fromBase64,
  generateQueueKey,
  importQueueKey,
  PBKDF2_ITERATIONS,
  seal,
  toBase64,
  unseal,
} from './crypto.js';

const SESSION_KEY = 'queueKey';
const PASSPHRASE_KEY = 'queuePassphrase';
const CHECK_VALUE = 'tract-queue-key-check';

/** Salt and a check value, so a wrong passphrase is told apart from a right one. */
interface PassphraseRecord {
  salt: string;
  iterations: number;
  iv: string;
  check: string;
}

/** The queue needs its passphrase before anything can be read or saved. */
export class QueueLockedError extends Error {
  constructor() {
    super('The local queue is protected by a passphrase: enter it to unlock the queue.');
    this.name = 'QueueLockedError';
  }
}

/** The passphrase does not open this queue. */
export class WrongPassphraseError extends Error {
  constructor() {
    super('This passphrase does not unlock the local queue: check it and try again.');
    this.name = 'WrongPassphraseError';
  }
}

/** Whether the organizer protected the queue with a passphrase. */
export async function usesPassphrase(): Promise<boolean> {
  return (await browser.storage.local.get(PASSPHRASE_KEY))[PASSPHRASE_KEY] !== undefined;
}

/**
 * The key for this session: the one in `storage.session`, else a new random
 * one (stored there), or {@link QueueLockedError} when a passphrase is needed.
 */
export async function loadQueueKey(): Promise<CryptoKey> {
  const stored = (await browser.storage.session.get(SESSION_KEY))[SESSION_KEY];
  if (typeof stored === 'string') return importQueueKey(stored);
  if (await usesPassphrase()) throw new QueueLockedError();
  const key = await generateQueueKey();
  await browser.storage.session.set({ [SESSION_KEY]: await exportQueueKey(key) });
  return key;
}

/**
 * Protects the queue with a passphrase from now on. The queue must be empty:
 * entries sealed under the previous key would otherwise become unreadable.
 */
export async function setPassphrase(passphrase: string, iterations = PBKDF2_ITERATIONS): Promise<CryptoKey> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await deriveQueueKey(passphrase, salt, iterations);
  const check = await seal(key, CHECK_VALUE);
  const record: PassphraseRecord = {
    salt: toBase64(salt),
    iterations,
    iv: toBase64(check.iv),
    check: toBase64(new Uint8Array(check.ciphertext)),
  };
  await browser.storage.local.set({ [PASSPHRASE_KEY]: record });
  await browser.storage.session.set({ [SESSION_KEY]: await exportQueueKey(key) });
  return key;
}

/** Derives the key from the passphrase, checks it, and keeps it for this session. */
export async function unlockWithPassphrase(passphrase: string): Promise<CryptoKey> {
  const record = (await browser.storage.local.get(PASSPHRASE_KEY))[PASSPHRASE_KEY] as PassphraseRecord | undefined;
  if (!record) return loadQueueKey();
  const key = await deriveQueueKey(passphrase, fromBase64(record.salt), record.iterations);
  try {
    await unseal(key, { iv: fromBase64(record.iv), ciphertext: fromBase64(record.check).buffer });
  } catch {
    throw new WrongPassphraseError();
  }
  await browser.storage.session.set({ [SESSION_KEY]: await exportQueueKey(key) });
  return key;
}
