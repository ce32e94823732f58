/**
 * The look every app shares: system fonts, colours with at least 4.5:1
 * contrast on their background, visible focus, targets of 44 px on touch
 * screens, tables that scroll sideways on a phone instead of squeezing.
 */
import { css } from 'lit';

export const baseStyles = css`
  :host {
    --ink: #1b1f24;
    --muted: #4b5563;
    --paper: #ffffff;
    --wash: #f3f4f6;
    --line: #c9ced6;
    --accent: #1d4ed8;
    --accent-ink: #ffffff;
    --danger: #b91c1c;
    --ok: #166534;
    color: var(--ink);
    font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h1,
  h2,
  h3 {
    line-height: 1.2;
    margin: 0 0 0.75rem;
  }
  h1 {
    font-size: 1.5rem;
  }
  h2 {
    font-size: 1.25rem;
  }
  h3 {
    font-size: 1.05rem;
  }
  a {
    color: var(--accent);
  }
  :focus-visible {
    outline: 3px solid var(--accent);
    outline-offset: 2px;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    min-height: 2.75rem;
    padding: 0.4rem 1rem;
    border-radius: 0.4rem;
    border: 1px solid var(--accent);
    background: var(--accent);
    color: var(--accent-ink);
    cursor: pointer;
  }
  button.secondary {
    background: var(--paper);
    color: var(--accent);
  }
  button.danger {
    background: var(--danger);
    border-color: var(--danger);
    color: #fff;
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  input,
  select,
  textarea {
    min-height: 2.75rem;
    padding: 0.4rem 0.6rem;
    border: 1px solid var(--muted);
    border-radius: 0.4rem;
    background: var(--paper);
    max-width: 100%;
  }
  label {
    display: block;
    font-weight: 600;
    margin-bottom: 0.25rem;
  }
  .field {
    margin-bottom: 0.75rem;
  }
  .hint {
    color: var(--muted);
    font-size: 0.9rem;
  }
  .error {
    color: var(--danger);
    font-weight: 600;
  }
  .success {
    color: var(--ok);
    font-weight: 600;
  }
  .table-wrap {
    overflow-x: auto;
    max-width: 100%;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.95rem;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding: 0.25rem 0;
  }
  th,
  td {
    text-align: start;
    padding: 0.4rem 0.6rem;
    border-bottom: 1px solid var(--line);
    vertical-align: top;
  }
  th {
    background: var(--wash);
  }
  td.number,
  th.number {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .card {
    background: var(--paper);
    border: 1px solid var(--line);
    border-radius: 0.5rem;
    padding: 1rem;
    margin-bottom: 1rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: flex-end;
  }
`;

/**
 * The field screens' one-line outcome under a form: a status in the
 * success colour, a problem in the danger colour, neither taking room while
 * empty. Comes after `baseStyles`, whose `.error` it narrows.
 */
export const statusLineStyles = css`
  .status {
    color: var(--ok);
  }
  .error {
    color: var(--danger);
  }
  .status:empty,
  .error:empty {
    display: none;
  }
`;
