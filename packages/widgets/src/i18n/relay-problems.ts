/**
 * What a widget says when it cannot use its relay, and the one console line
 * its webmaster reads. These texts load with the SDK (a form needs them only
 * when something failed), so they cost the first render nothing. Adding a
 * locale: the type below asks for its texts here too.
 */
import type { WidgetLocale } from './index.js';

/** Why a widget cannot use its relay: the page's origin is refused, nothing answers, or what answers is not a relay. */
export type RelayProblem = 'origin_not_allowed' | 'relay_unreachable' | 'not_a_relay';

export interface RelayProblemTexts {
  /** What the person reads in the widget, for each problem. */
  shown: Record<RelayProblem, string>;
  /** The status once a submission is kept in the browser because the relay did not answer. */
  queued: string;
  /** The console line for the webmaster: the likely cause and the fix. */
  log: Record<RelayProblem, (endpoint: string, origin: string) => string>;
}

export const relayProblemTexts: Record<WidgetLocale, RelayProblemTexts> = {
  en: {
    shown: {
      origin_not_allowed:
        'This form cannot be used on this website yet: the campaign’s server refuses it. The site owner must fix its settings.',
      relay_unreachable: 'The campaign’s server cannot be reached. Check your connection, or try again later.',
      not_a_relay: 'This form is not connected to the campaign’s server: its address is wrong. The site owner must fix it.',
    },
    queued: 'Saved in this browser: it will be sent once the campaign’s server answers.',
    log: {
      origin_not_allowed: (endpoint, origin) =>
        `Tract widgets: the relay at ${endpoint} refuses this page’s origin, ${origin}. Add "${origin}" to "origins" in the relay’s tract.config.json, then restart the relay.`,
      relay_unreachable: (endpoint) =>
        `Tract widgets: no answer from the relay at ${endpoint}. Check that it is running, and that the widgets’ endpoint attribute is its address.`,
      not_a_relay: (endpoint) =>
        `Tract widgets: ${endpoint} does not answer as a Tract relay. Set the widgets’ endpoint attribute to your relay’s address.`,
    },
  },
  fr: {
    shown: {
      origin_not_allowed:
        'Ce formulaire ne peut pas encore servir sur ce site : le serveur de la campagne le refuse. Le responsable du site doit corriger ses réglages.',
      relay_unreachable: 'Le serveur de la campagne est injoignable. Vérifiez votre connexion, ou réessayez plus tard.',
      not_a_relay:
        'Ce formulaire n’est pas relié au serveur de la campagne : son adresse est erronée. Le responsable du site doit la corriger.',
    },
    queued: 'Enregistré dans ce navigateur : ce sera envoyé dès que le serveur de la campagne répondra.',
    log: {
      origin_not_allowed: (endpoint, origin) =>
        `Widgets Tract : le relais ${endpoint} refuse l’origine de cette page, ${origin}. Ajoutez "${origin}" à "origins" dans le tract.config.json du relais, puis redémarrez le relais.`,
      relay_unreachable: (endpoint) =>
        `Widgets Tract : pas de réponse du relais ${endpoint}. Vérifiez qu’il fonctionne, et que l’attribut endpoint des widgets est bien son adresse.`,
      not_a_relay: (endpoint) =>
        `Widgets Tract : ${endpoint} ne répond pas comme un relais Tract. Donnez à l’attribut endpoint des widgets l’adresse de votre relais.`,
    },
  },
};
