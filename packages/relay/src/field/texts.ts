/** What field mode's refusals say, in French and English: which rule, and what to do. */
import type { Locale } from '../http/messages.js';

const TEXTS = {
  slice_open: {
    en: 'You already have a slice: finish it (or let it end) before taking another.',
    fr: 'Vous avez déjà une tranche en cours : terminez-la (ou laissez-la expirer) avant d’en prendre une autre.',
  },
  list_done: {
    en: 'Nobody is left to call or visit on this list for now. Thank you!',
    fr: 'Il ne reste personne à appeler ou visiter sur cette liste pour l’instant. Merci !',
  },
  no_slice: {
    en: 'You have no open slice: take one first.',
    fr: 'Vous n’avez pas de tranche en cours : prenez-en une d’abord.',
  },
  already_revealed: {
    en: 'This person’s details were already shown to you in this slice.',
    fr: 'Les coordonnées de cette personne vous ont déjà été montrées dans cette tranche.',
  },
  gone: {
    en: 'This person can no longer be contacted: go on with the next one.',
    fr: 'Cette personne ne peut plus être contactée : passez à la suivante.',
  },
  pace_hour: {
    en: 'You have opened {limit} contacts in the last hour, the most allowed. Take a break: you can go on in {wait}. Your coordinator has been told.',
    fr: 'Vous avez ouvert {limit} contacts dans la dernière heure, le maximum permis. Faites une pause : vous pourrez reprendre dans {wait}. Votre coordinateur ou coordinatrice en est informé(e).',
  },
  pace_average: {
    en: 'You are opening contacts faster than one every {seconds} seconds on average. Slow down: you can go on in {wait}. Your coordinator has been told.',
    fr: 'Vous ouvrez des contacts plus vite qu’un toutes les {seconds} secondes en moyenne. Ralentissez : vous pourrez reprendre dans {wait}. Votre coordinateur ou coordinatrice en est informé(e).',
  },
  not_revealed: {
    en: 'Record a result only for someone you called or visited in your slice.',
    fr: 'N’enregistrez un résultat que pour une personne appelée ou visitée dans votre tranche.',
  },
  volunteer_only: {
    en: 'Only a volunteer link opens field mode.',
    fr: 'Seul un lien de bénévole ouvre le mode terrain.',
  },
  invitation_invalid: {
    en: 'This invitation link is unknown, already used, revoked or expired. Ask your coordinator for a new one.',
    fr: 'Ce lien d’invitation est inconnu, déjà utilisé, révoqué ou expiré. Demandez-en un nouveau à votre coordinateur ou coordinatrice.',
  },
} as const;

export type FieldText = keyof typeof TEXTS;

export function fieldText(key: FieldText, locale: Locale, params: Record<string, string | number> = {}): string {
  return TEXTS[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** A wait, in seconds or minutes (the same in both languages). */
export function waitText(seconds: number): string {
  return seconds < 90 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}
