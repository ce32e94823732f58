import { TractDonate } from './donate.js';

customElements.define('tract-donate', TractDonate);
