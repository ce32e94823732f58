/**
 * Which clipped contacts an erasure request names. Contacts carry no email:
 * an organizer clipped a handle, a profile and a display name, so a person
 * asking to be erased is found by those, and by their email wherever an
 * organizer wrote it in a note. Comparisons ignore what people do not see as
 * a difference: case, a leading `@`, `www.`, a trailing slash, Unicode forms.
 */
import type { Contact } from '@tract/sdk/schema';

/** What an admin knows of the person: every given field must match. */
export interface ContactCriteria {
  network?: string;
  handle?: string;
  profileUrl?: string;
  name?: string;
}

const fold = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
const foldHandle = (handle: string) => fold(handle).replace(/^@/, '');

function foldUrl(url: string): string {
  try {
    const parsed = new URL(url.trim());
    return `${parsed.hostname.toLowerCase().replace(/^www\./, '')}${parsed.pathname.replace(/\/+$/, '')}`.toLowerCase();
  } catch {
    return fold(url);
  }
}

/** Whether `contact` is the person `criteria` describe. */
export function contactMatches(contact: Contact, criteria: ContactCriteria): boolean {
  if (criteria.network !== undefined && contact.network !== criteria.network) return false;
  if (criteria.handle !== undefined && foldHandle(contact.handle) !== foldHandle(criteria.handle)) return false;
  if (criteria.profileUrl !== undefined && foldUrl(contact.profileUrl) !== foldUrl(criteria.profileUrl)) return false;
  if (criteria.name !== undefined && fold(contact.displayName) !== fold(criteria.name)) return false;
  return criteria.handle !== undefined || criteria.profileUrl !== undefined || criteria.name !== undefined;
}

/** Whether an organizer's note on `contact` mentions `email`. */
export function noteMentions(contact: Contact, email: string): boolean {
  return contact.note !== undefined && fold(contact.note).includes(fold(email));
}

/** What a contact's tombstone is the keyed hash of: its network and handle, folded. */
export function contactSubject(contact: Contact): string {
  return `${contact.network}:${foldHandle(contact.handle)}`;
}
