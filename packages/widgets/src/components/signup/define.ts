import { TractSignup } from './signup.js';

customElements.define('tract-signup', TractSignup);
