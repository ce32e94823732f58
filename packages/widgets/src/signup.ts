/** `<tract-signup>` on its own: registers the tag and exports the class. */
import './components/signup/define.js';

export { TractSignup } from './components/signup/signup.js';
