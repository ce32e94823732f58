/**
 * AES-GCM encryption of queued contacts with WebCrypto. A contact waiting in
 * IndexedDB is personal data; encrypting it means a copied profile folder or a
 * curious extension with `storage` access reads only ciphertext.
 */

/** PBKDF2 work factor for passphrase keys (OWASP 2023 recommendation for PBKDF2-HMAC-SHA256). */
export const PBKDF2_ITERATIONS = 600_000;

/** A contact as stored: a fresh 96-bit IV per record, and the AES-GCM ciphertext. */
export interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  ciphertext: ArrayBuffer;
}

/** A new random 256-bit AES-GCM key, extractable so it can be kept in `storage.session`. */
export function generateQueueKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
}

/**
 * Derives the queue key from the organizer's passphrase, for browsers set to
 * keep nothing between sessions: the same passphrase and salt give the same key.
 * @param salt random bytes kept beside the queue (not secret)
 */
export async function deriveQueueKey(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations = PBKDF2_ITERATIONS,
): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
    'decrypt',
  ]);
}

/** The raw key bytes, base64-encoded, for `storage.session`. */
export async function exportQueueKey(key: CryptoKey): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.exportKey('raw', key)));
}

/** The inverse of {@link exportQueueKey}. */
export function importQueueKey(encoded: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', fromBase64(encoded), { name: 'AES-GCM' }, true, ['encrypt', 'decrypt']);
}

/** Encrypts a JSON-serialisable value. */
export async function seal(key: CryptoKey, value: unknown): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(value)));
  return { iv, ciphertext };
}

/** Decrypts what {@link seal} produced; rejects when the key is not the one that sealed it. */
export async function unseal<T>(key: CryptoKey, sealed: Sealed): Promise<T> {
  const plaintext = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, key, sealed.ciphertext);
  return JSON.parse(new TextDecoder().decode(plaintext)) as T;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(encoded: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
}
