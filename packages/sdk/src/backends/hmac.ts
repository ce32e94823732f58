/**
 * HMAC-SHA256 on WebCrypto (`crypto.subtle`), so signing works the same in
 * Node, Deno, edge runtimes and browsers without `node:crypto`.
 */
// Pure: a bundle that never signs anything drops it.
const encoder = /* @__PURE__ */ new TextEncoder();

function importKey(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

/** Lowercase hex HMAC-SHA256 of `message` under `secret`. */
export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await importKey(secret, 'sign'), encoder.encode(message));
  return Array.from(new Uint8Array(mac), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether `hex` is the HMAC-SHA256 of `message`. `crypto.subtle.verify`
 * compares in constant time, so the answer's timing says nothing about how
 * many leading bytes matched.
 */
export async function verifyHmacSha256Hex(secret: string, message: string, hex: string): Promise<boolean> {
  if (!/^[0-9a-f]{64}$/.test(hex)) return false;
  const expected = new Uint8Array(32);
  for (let i = 0; i < 32; i++) expected[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return crypto.subtle.verify('HMAC', await importKey(secret, 'verify'), expected, encoder.encode(message));
}
