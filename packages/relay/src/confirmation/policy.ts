/** Which submissions wait for their person's confirmation by email, and in which language to ask. */
import type { ActionData, ActionKind, Person } from '@tract/sdk/schema';
import type { EventConfig, PetitionConfig, RelayConfig } from '../config/schema.js';
import type { Locale } from '../http/messages.js';

/** The petition or event a submission's route names. */
export type ActionTarget = { field: 'petitionId'; petition: PetitionConfig } | { field: 'eventId'; event: EventConfig };

/** Whether the form this action came from asks for double opt-in. Organizer posts never do. */
export function asksConfirmation(config: RelayConfig, kind: ActionKind, target: ActionTarget | undefined): boolean {
  switch (kind) {
    case 'signup':
      return config.signups.doubleOptIn;
    case 'petition_signature':
      return target?.field === 'petitionId' && target.petition.doubleOptIn;
    case 'rsvp':
      return target?.field === 'eventId' && target.event.doubleOptIn;
    case 'donation':
      return config.donations?.doubleOptIn ?? false;
    default:
      return false;
  }
}

function supported(language: string | undefined): Locale | undefined {
  const lang = language?.slice(0, 2).toLowerCase();
  return lang === 'fr' || lang === 'en' ? lang : undefined;
}

/** The language of messages to this person: theirs, else the consent text's, else the request's. */
export function messageLocale(person: Person, data: ActionData[ActionKind], requestLocale: string): Locale {
  const consentLanguage = 'consent' in data ? data.consent[0]?.language : undefined;
  return supported(person.language) ?? supported(consentLanguage) ?? supported(requestLocale) ?? 'en';
}
