import { css } from 'lit';
import { formStyles } from '../../core/styles.js';

export const donateStyles = [
  formStyles,
  css`
    .amounts {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .amounts label {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      min-height: 2.75rem;
      padding: 0.25rem 0.75rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      font-weight: 600;
    }
    .amounts input {
      width: 1.25rem;
      height: 1.25rem;
      margin: 0;
      accent-color: var(--_primary);
    }
    .warning {
      color: var(--_error);
      font-weight: 600;
      margin: 0;
    }
    .review dl {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 0.25rem 1rem;
      margin: 0;
    }
    .review dt {
      font-weight: 600;
    }
    .review dd {
      margin: 0;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
    }
  `,
];
