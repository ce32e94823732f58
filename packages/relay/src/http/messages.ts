/**
 * The `error.message` of every relay error, in English and French. Clients
 * branch on `error.code`; people read the message, in the language of
 * `Accept-Language`.
 */

const ERROR_CODES = [
  'invalid_json',
  'invalid_input',
  'missing_idempotency_key',
  'unauthorized',
  'forbidden',
  'origin_not_allowed',
  'challenge_failed',
  'not_found',
  'method_not_allowed',
  'request_timeout',
  'idempotency_conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rule_violation',
  'rate_limited',
  'internal_error',
  'unavailable',
  'payment_unavailable',
  'webhook_refused',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
export type Locale = 'en' | 'fr';

const MESSAGES: Record<Locale, Record<ErrorCode, string>> = {
  en: {
    invalid_json: 'The request body is not valid JSON (or has duplicate keys or nests deeper than 32 levels).',
    invalid_input: 'The submission has invalid fields.',
    missing_idempotency_key: 'Send an Idempotency-Key header holding a UUID generated once per submission.',
    unauthorized: 'Send a valid token in the Authorization header (Bearer <token>).',
    forbidden: 'This token is not allowed to do this.',
    origin_not_allowed: 'This website is not allowed to send to this relay. Add its origin to "origins" in tract.config.json.',
    challenge_failed: 'The anti-bot check failed or expired. Fetch a new challenge and submit again.',
    not_found: 'Nothing here: check the address and the petition or event id.',
    method_not_allowed: 'This method is not allowed here.',
    request_timeout: 'The request body did not arrive in time. Try again.',
    idempotency_conflict: 'This Idempotency-Key was already used with a different body. Generate a new key for a new submission.',
    payload_too_large: 'The request body is larger than 32,768 bytes.',
    unsupported_media_type: 'Send the body as JSON with Content-Type: application/json (UTF-8).',
    rule_violation: 'A campaign rule refuses this submission.',
    rate_limited: 'Too many requests. Wait and try again.',
    internal_error: 'Something went wrong on the relay. Try again.',
    unavailable: 'Storage is temporarily unavailable. Try again shortly.',
    payment_unavailable: 'The payment provider did not answer as expected. Nothing was stored: try again shortly.',
    webhook_refused: 'This notification is not verified or names no known pledge: nothing was changed.',
  },
  fr: {
    invalid_json: 'Le corps de la requête n’est pas du JSON valide (ou a des clés en double ou plus de 32 niveaux d’imbrication).',
    invalid_input: 'La soumission contient des champs invalides.',
    missing_idempotency_key: 'Envoyez un en-tête Idempotency-Key contenant un UUID généré une fois par soumission.',
    unauthorized: 'Envoyez un jeton valide dans l’en-tête Authorization (Bearer <jeton>).',
    forbidden: 'Ce jeton ne permet pas cette opération.',
    origin_not_allowed: 'Ce site n’est pas autorisé à envoyer à ce relais. Ajoutez son origine à « origins » dans tract.config.json.',
    challenge_failed: 'La vérification anti-robot a échoué ou expiré. Demandez un nouveau défi et renvoyez.',
    not_found: 'Rien ici : vérifiez l’adresse et l’identifiant de la pétition ou de l’événement.',
    method_not_allowed: 'Cette méthode n’est pas autorisée ici.',
    request_timeout: 'Le corps de la requête n’est pas arrivé à temps. Réessayez.',
    idempotency_conflict:
      'Cette clé Idempotency-Key a déjà servi avec un autre contenu. Générez une nouvelle clé pour une nouvelle soumission.',
    payload_too_large: 'Le corps de la requête dépasse 32 768 octets.',
    unsupported_media_type: 'Envoyez le corps en JSON avec Content-Type: application/json (UTF-8).',
    rule_violation: 'Une règle de la campagne refuse cette soumission.',
    rate_limited: 'Trop de requêtes. Patientez puis réessayez.',
    internal_error: 'Une erreur est survenue sur le relais. Réessayez.',
    unavailable: 'Le stockage est momentanément indisponible. Réessayez dans un instant.',
    payment_unavailable: 'Le prestataire de paiement n’a pas répondu comme prévu. Rien n’a été enregistré : réessayez dans un instant.',
    webhook_refused: 'Cette notification n’est pas vérifiée ou ne désigne aucune promesse de don connue : rien n’a été modifié.',
  },
};

/** The language to answer in: French when `Accept-Language` prefers it, else English. */
export function localeOf(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.split('-')[0] ?? '', q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.lang === 'fr' || entry.lang === 'en')
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.lang === 'fr' ? 'fr' : 'en';
}

export function errorMessage(code: ErrorCode, locale: Locale): string {
  return MESSAGES[locale][code];
}
