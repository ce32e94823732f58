import { css } from 'lit';
import { formStyles } from '../../core/styles.js';

export const rsvpStyles = [
  formStyles,
  css`
    .facts {
      margin: 0;
      display: grid;
      gap: 0.25rem;
    }
    .facts dt {
      font-weight: 600;
    }
    .facts dd {
      margin: 0 0 0.25rem;
    }
    input[type='number'] {
      max-width: 8rem;
    }
    .link {
      color: var(--_primary);
    }
  `,
];
