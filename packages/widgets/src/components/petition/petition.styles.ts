import { css } from 'lit';
import { formStyles } from '../../core/styles.js';

export const petitionStyles = [
  formStyles,
  css`
    .count {
      margin: 0;
      font-weight: 600;
    }
    progress {
      width: 100%;
      height: 0.75rem;
      accent-color: var(--_primary);
    }
    .share {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      padding: 0;
      margin: 0;
      list-style: none;
    }
    .share a {
      min-height: 24px;
      display: inline-block;
      color: var(--_primary);
    }
  `,
];
