/** `<tract-rsvp>` on its own: registers the tag and exports the class. */
import './components/rsvp/define.js';

export { TractRsvp } from './components/rsvp/rsvp.js';
