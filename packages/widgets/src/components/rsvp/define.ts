import { TractRsvp } from './rsvp.js';

customElements.define('tract-rsvp', TractRsvp);
