/** `<tract-donate>` on its own: registers the tag and exports the class. */
import './components/donate/define.js';

export { TractDonate } from './components/donate/donate.js';
