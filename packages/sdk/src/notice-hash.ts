/** The fingerprint of a consent notice, so the consent log can prove which exact text a person saw. */

/**
 * `sha256:` followed by the hex SHA-256 of the UTF-8 bytes of `text`, the
 * format `consent[].textHash` requires. Hash the text exactly as displayed:
 * any change to it (a word, a link, its language) must give a new hash.
 */
export async function hashNoticeText(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `sha256:${Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
