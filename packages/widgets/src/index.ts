/**
 * @tract/widgets: embeddable campaign forms (signup, petition, donation,
 * event RSVP) as Lit custom elements. Importing this module registers all
 * four tags; import `@tract/widgets/<name>` for one.
 */
import './components/donate/define.js';
import './components/petition/define.js';
import './components/rsvp/define.js';
import './components/signup/define.js';

export { TractDonate } from './components/donate/donate.js';
export { TractPetition } from './components/petition/petition.js';
export { TractRsvp } from './components/rsvp/rsvp.js';
export { TractSignup } from './components/signup/signup.js';
export type { TractErrorDetail, TractQueuedDetail, TractSubmittedDetail } from './core/events.js';
export { TractFormElement } from './core/form-element.js';
export { type WidgetLocale, type WidgetMessages, widgetLocales } from './i18n/index.js';
