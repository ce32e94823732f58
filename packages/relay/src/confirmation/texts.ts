/**
 * What people read about confirming and unsubscribing, in French and English:
 * the messages the relay mails and the pages their links open. One typed
 * object per language, so a missing sentence is a compile error.
 *
 * Nothing a submission typed is ever repeated here (no name, no new phone
 * number): whoever typed someone else's address must not be able to put
 * their words in that person's inbox. A details message names the fields
 * that would change, not their values.
 */
import { type PublicText, textIn } from '../config/public-text.js';
import type { PersonColumns } from './person-fields.js';

/** The actions a person confirms (every kind but organizers' contacts). */
export type ConfirmableKind = 'signup' | 'petition_signature' | 'rsvp' | 'donation';

/** What a link confirms: an action of some kind, or new details for the person's record. */
export type Subject = { purpose: 'action'; kind: ConfirmableKind; title: PublicText | undefined } | { purpose: 'details' };

/** The title of a petition or an event in the message's own language (the configuration may give one per language), or `otherwise`. */
function titleIn(subject: Extract<Subject, { purpose: 'action' }>, locale: 'fr' | 'en', otherwise: string): string {
  return subject.title === undefined ? otherwise : textIn(subject.title, locale);
}

export interface ConfirmationTexts {
  /** The subject line, also the page heading. */
  heading(subject: Subject, campaign: string): string;
  /** Why the person receives the message. */
  why(subject: Subject, campaign: string, fields: readonly (keyof PersonColumns)[]): string;
  /** For an action whose details differ from the record: confirming also saves them. */
  alsoSaves(fields: readonly (keyof PersonColumns)[]): string;
  /** The call to open the link, with how long it works. */
  openLink(hours: number): string;
  /** What happens if they do nothing. */
  ignore(subject: Subject, unconfirmedDays: number): string;
  /** The button of the confirmation page. */
  confirmButton: string;
  /** The confirmation page: click the button to confirm. */
  confirmPrompt(subject: Subject, campaign: string): string;
  /** What the confirmation did; `waitlisted` when a confirmed RSVP found the event full. */
  confirmed(subject: Subject, waitlisted: boolean): string;
  alreadyConfirmed: string;
  invalidLink: string;
  unsubscribeHeading(campaign: string): string;
  unsubscribePrompt(campaign: string): string;
  unsubscribeButton: string;
  unsubscribed(campaign: string): string;
  invalidUnsubscribe(contactEmail: string | undefined): string;
  /** The legal footer (GDPR art. 13): who the controller is, the privacy policy, the contact. */
  controller(controller: string): string;
  privacyPolicy: string;
  contact(email: string): string;
  /** A label and its value on one line, with the language's punctuation. */
  labelled(label: string, value: string): string;
  /** The field names of a person's record, as a list in a sentence. */
  fieldList(fields: readonly (keyof PersonColumns)[]): string;
  /** A campaign that did not say its name. */
  theCampaign: string;
}

const FIELD_NAMES: Record<'fr' | 'en', Record<keyof PersonColumns, string>> = {
  fr: {
    given_name: 'prénom',
    family_name: 'nom',
    phone: 'téléphone',
    address_lines: 'adresse',
    locality: 'commune',
    postal_code: 'code postal',
    country: 'pays',
    language: 'langue',
  },
  en: {
    given_name: 'first name',
    family_name: 'last name',
    phone: 'phone number',
    address_lines: 'street address',
    locality: 'town',
    postal_code: 'postal code',
    country: 'country',
    language: 'language',
  },
};

function list(items: readonly string[], and: string): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

const fr: ConfirmationTexts = {
  heading(subject, campaign) {
    if (subject.purpose === 'details') return `Confirmez vos nouvelles coordonnées – ${campaign}`;
    switch (subject.kind) {
      case 'signup':
        return `Confirmez votre inscription – ${campaign}`;
      case 'petition_signature':
        return `Confirmez votre signature – ${titleIn(subject, 'fr', campaign)}`;
      case 'rsvp':
        return `Confirmez votre venue – ${titleIn(subject, 'fr', campaign)}`;
      case 'donation':
        return `Confirmez votre promesse de don – ${campaign}`;
    }
  },
  why(subject, campaign, fields) {
    if (subject.purpose === 'details') {
      return `Un formulaire de ${campaign} vient d’être envoyé avec votre adresse et des coordonnées différentes de celles que nous avons (${this.fieldList(fields)}).`;
    }
    switch (subject.kind) {
      case 'signup':
        return `Quelqu’un, sans doute vous, vient de s’inscrire auprès de ${campaign} avec votre adresse.`;
      case 'petition_signature':
        return `Quelqu’un, sans doute vous, vient de signer la pétition « ${titleIn(subject, 'fr', '')} » de ${campaign} avec votre adresse.`;
      case 'rsvp':
        return `Quelqu’un, sans doute vous, vient de s’inscrire à l’événement « ${titleIn(subject, 'fr', '')} » de ${campaign} avec votre adresse.`;
      case 'donation':
        return `Quelqu’un, sans doute vous, vient de promettre un don à ${campaign} avec votre adresse.`;
    }
  },
  alsoSaves(fields) {
    return `Confirmer enregistre aussi les coordonnées saisies dans le formulaire (${this.fieldList(fields)}), qui diffèrent de celles que nous avons.`;
  },
  openLink: (hours) => `Pour confirmer, ouvrez ce lien puis cliquez sur le bouton « Je confirme ». Il est valable ${hours} heures.`,
  ignore: (subject, days) =>
    subject.purpose === 'details'
      ? 'Si ce n’était pas vous, ignorez ce message : vos coordonnées ne changeront pas.'
      : `Si ce n’était pas vous, ignorez ce message : sans confirmation, rien n’est enregistré comme consentement et cette demande est effacée sous ${days} jours.`,
  confirmButton: 'Je confirme',
  confirmPrompt: (subject, campaign) =>
    subject.purpose === 'details'
      ? `Cliquez sur le bouton pour enregistrer vos nouvelles coordonnées auprès de ${campaign}.`
      : `Cliquez sur le bouton pour confirmer auprès de ${campaign}.`,
  confirmed(subject, waitlisted) {
    if (subject.purpose === 'details') return 'Merci : vos nouvelles coordonnées sont enregistrées.';
    switch (subject.kind) {
      case 'signup':
        return 'Merci : votre inscription est confirmée.';
      case 'petition_signature':
        return 'Merci : votre signature est confirmée.';
      case 'rsvp':
        return waitlisted
          ? 'Merci, c’est confirmé. L’événement est complet : vous êtes sur la liste d’attente.'
          : 'Merci : votre venue est confirmée.';
      case 'donation':
        return 'Merci : votre promesse de don est confirmée.';
    }
  },
  alreadyConfirmed: 'C’est déjà confirmé : ce lien a servi.',
  invalidLink:
    'Ce lien n’est pas valable ou a expiré. Si vous le souhaitez toujours, renvoyez le formulaire : un nouveau message vous parviendra.',
  unsubscribeHeading: (campaign) => `Ne plus recevoir de messages de ${campaign}`,
  unsubscribePrompt: (campaign) =>
    `Cliquez sur le bouton pour ne plus recevoir aucun message de ${campaign}. Votre adresse ne sera plus transmise ni utilisée pour vous écrire.`,
  unsubscribeButton: 'Me désabonner',
  unsubscribed: (campaign) => `C’est fait : vous ne recevrez plus de messages de ${campaign}.`,
  invalidUnsubscribe: (contactEmail) =>
    `Ce lien de désabonnement n’est pas valable.${contactEmail ? ` Écrivez à ${contactEmail} pour ne plus recevoir de messages.` : ''}`,
  controller: (controller) => `Responsable du traitement : ${controller}.`,
  privacyPolicy: 'Politique de confidentialité',
  contact: (email) => `Contact : ${email}.`,
  labelled: (label, value) => `${label} : ${value}`,
  fieldList: (fields) =>
    list(
      fields.map((field) => FIELD_NAMES.fr[field]),
      'et',
    ),
  theCampaign: 'la campagne',
};

const en: ConfirmationTexts = {
  heading(subject, campaign) {
    if (subject.purpose === 'details') return `Confirm your new details – ${campaign}`;
    switch (subject.kind) {
      case 'signup':
        return `Confirm your signup – ${campaign}`;
      case 'petition_signature':
        return `Confirm your signature – ${titleIn(subject, 'en', campaign)}`;
      case 'rsvp':
        return `Confirm your RSVP – ${titleIn(subject, 'en', campaign)}`;
      case 'donation':
        return `Confirm your pledge – ${campaign}`;
    }
  },
  why(subject, campaign, fields) {
    if (subject.purpose === 'details') {
      return `A form of ${campaign} was just sent with your address and details that differ from the ones we hold (${this.fieldList(fields)}).`;
    }
    switch (subject.kind) {
      case 'signup':
        return `Someone, probably you, just signed up with ${campaign} using your address.`;
      case 'petition_signature':
        return `Someone, probably you, just signed the petition "${titleIn(subject, 'en', '')}" of ${campaign} using your address.`;
      case 'rsvp':
        return `Someone, probably you, just answered the invitation to "${titleIn(subject, 'en', '')}" of ${campaign} using your address.`;
      case 'donation':
        return `Someone, probably you, just pledged a donation to ${campaign} using your address.`;
    }
  },
  alsoSaves(fields) {
    return `Confirming also saves the details typed in the form (${this.fieldList(fields)}), which differ from the ones we hold.`;
  },
  openLink: (hours) => `To confirm, open this link and press the "Confirm" button. It works for ${hours} hours.`,
  ignore: (subject, days) =>
    subject.purpose === 'details'
      ? 'If this was not you, ignore this message: your details will not change.'
      : `If this was not you, ignore this message: without confirmation nothing is recorded as consent, and this request is erased within ${days} days.`,
  confirmButton: 'Confirm',
  confirmPrompt: (subject, campaign) =>
    subject.purpose === 'details'
      ? `Press the button to save your new details with ${campaign}.`
      : `Press the button to confirm with ${campaign}.`,
  confirmed(subject, waitlisted) {
    if (subject.purpose === 'details') return 'Thank you: your new details are saved.';
    switch (subject.kind) {
      case 'signup':
        return 'Thank you: your signup is confirmed.';
      case 'petition_signature':
        return 'Thank you: your signature is confirmed.';
      case 'rsvp':
        return waitlisted ? 'Thank you, confirmed. The event is full: you are on the waiting list.' : 'Thank you: your RSVP is confirmed.';
      case 'donation':
        return 'Thank you: your pledge is confirmed.';
    }
  },
  alreadyConfirmed: 'Already confirmed: this link has been used.',
  invalidLink: 'This link is not valid or has expired. If you still want to, send the form again: a new message will reach you.',
  unsubscribeHeading: (campaign) => `Stop all messages from ${campaign}`,
  unsubscribePrompt: (campaign) =>
    `Press the button to receive no more messages from ${campaign}. Your address will no longer be forwarded or used to write to you.`,
  unsubscribeButton: 'Unsubscribe',
  unsubscribed: (campaign) => `Done: you will receive no more messages from ${campaign}.`,
  invalidUnsubscribe: (contactEmail) =>
    `This unsubscribe link is not valid.${contactEmail ? ` Write to ${contactEmail} to stop receiving messages.` : ''}`,
  controller: (controller) => `Data controller: ${controller}.`,
  privacyPolicy: 'Privacy policy',
  contact: (email) => `Contact: ${email}.`,
  labelled: (label, value) => `${label}: ${value}`,
  fieldList: (fields) =>
    list(
      fields.map((field) => FIELD_NAMES.en[field]),
      'and',
    ),
  theCampaign: 'the campaign',
};

export const CONFIRMATION_TEXTS: Record<'fr' | 'en', ConfirmationTexts> = { fr, en };
