/**
 * Turns what the organizer sees and ticks in the panel into one contact as the
 * relay expects it: the clipped person, the interaction, the lawful basis, and
 * where and when it was clipped. The avatar is only kept when ticked.
 */

import type { FieldIssue } from '@tract/sdk/schema';
import { type Contact, type ContactInput, type Interaction, type LawfulBasis, validateAction } from '@tract/sdk/schema';
import type { ClippedProfile } from './extractors/types.js';

/** What the organizer logged about the interaction. */
export interface InteractionEntry {
  interaction: Interaction;
  note: string;
  tags: string[];
  /** 1 (opposed) to 5 (strong supporter); undefined when the organizer cannot tell. */
  supportLevel: number | undefined;
  lawfulBasis: LawfulBasis;
  informed: boolean;
  /** The organizer chose to keep the profile picture's address. */
  keepAvatar: boolean;
}

/** The page the person was clipped from, and when. */
export interface ClipSource {
  pageUrl: string;
  capturedAt: Date;
}

/**
 * Builds and validates one contact.
 * @param profile the extracted profile as the organizer edited it
 * @param locale language of the issue messages
 */
export function buildContact(
  profile: ClippedProfile,
  entry: InteractionEntry,
  source: ClipSource,
  locale: string,
): { ok: true; contact: Contact } | { ok: false; issues: FieldIssue[] } {
  const input: ContactInput = {
    network: profile.network,
    handle: profile.handle,
    displayName: profile.displayName,
    profileUrl: profile.profileUrl,
    ...(entry.keepAvatar && profile.avatarUrl ? { avatarUrl: profile.avatarUrl } : {}),
    ...(profile.postUrl ? { postUrl: profile.postUrl } : {}),
    interaction: entry.interaction,
    ...(entry.note.trim() ? { note: entry.note } : {}),
    ...(entry.tags.length > 0 ? { tags: entry.tags } : {}),
    ...(entry.supportLevel !== undefined ? { supportLevel: entry.supportLevel } : {}),
    lawfulBasis: entry.lawfulBasis,
    informed: entry.informed,
    sourcePageUrl: source.pageUrl,
    capturedAt: source.capturedAt.toISOString(),
  };
  const result = validateAction('contact', input, locale);
  return result.ok ? { ok: true, contact: result.data } : { ok: false, issues: result.issues };
}

/** Whether the organizer must still tell this person their data is held (GDPR art. 14). */
export function needsInformNotice(contact: Pick<Contact, 'lawfulBasis' | 'informed'>): boolean {
  return contact.lawfulBasis !== 'consent' && !contact.informed;
}
