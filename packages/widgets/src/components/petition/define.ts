import { TractPetition } from './petition.js';

customElements.define('tract-petition', TractPetition);
