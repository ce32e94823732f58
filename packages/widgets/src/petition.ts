/** `<tract-petition>` on its own: registers the tag and exports the class. */
import './components/petition/define.js';

export { TractPetition } from './components/petition/petition.js';
