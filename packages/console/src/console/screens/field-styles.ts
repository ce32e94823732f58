/** The field screens' own layout: bars beside their tables, flagged volunteers stand out. */
import { css } from 'lit';

export const fieldScreenStyles = css`
  :host {
    display: block;
  }
  .muted {
    color: var(--muted);
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    margin: 0.5rem 0 1rem;
  }
  th,
  td {
    text-align: left;
    padding: 0.35rem 0.6rem;
    border-bottom: 1px solid var(--line);
  }
  figure {
    margin: 1rem 0;
  }
  figcaption {
    font-weight: 600;
  }
  .bar {
    display: grid;
    grid-template-columns: 10rem 1fr;
    gap: 0.5rem;
    align-items: center;
  }
  .bar progress {
    width: 100%;
    height: 1rem;
  }
  tr.flagged th,
  tr.flagged td {
    background: #fff7e6;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    margin: 0.5rem 0;
    max-width: 36rem;
  }
  .link {
    word-break: break-all;
  }
`;
