/** What a confirmation is about, as its message and page name it. */
import type { RelayConfig } from '../config/schema.js';
import type { ConfirmationPurpose } from '../db/schema.js';
import type { ConfirmableKind, Subject } from './texts.js';

/** The subject of a confirmation of `purpose` about an action of `kind` on `targetId` (a petition or an event). */
export function subjectOf(config: RelayConfig, purpose: ConfirmationPurpose, kind: string, targetId: string | null): Subject {
  if (purpose === 'details') return { purpose };
  const title =
    kind === 'petition_signature'
      ? config.petitions.find((p) => p.id === targetId)?.title
      : kind === 'rsvp'
        ? config.events.find((e) => e.id === targetId)?.title
        : undefined;
  return { purpose, kind: kind as ConfirmableKind, title };
}
