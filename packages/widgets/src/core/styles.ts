/**
 * The look every widget shares, written as design tokens so a site restyles
 * all four with a few custom properties. Fonts inherit from the page by default.
 */
import { css } from 'lit';

export const formStyles = css`
  :host {
    display: block;
    font: inherit;
    font-family: var(--tract-font, inherit);
    color: var(--tract-color-text, inherit);
    max-width: var(--tract-max-width, 36rem);
    --_primary: var(--tract-color-primary, #1d4ed8);
    --_on-primary: var(--tract-color-on-primary, #ffffff);
    --_error: var(--tract-color-error, #b91c1c);
    --_border: var(--tract-color-border, #6b7280);
    --_surface: var(--tract-color-surface, #ffffff);
    --_radius: var(--tract-radius, 0.375rem);
    --_space: var(--tract-space, 0.75rem);
    --_focus: var(--tract-color-focus, #1d4ed8);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  form,
  .panel {
    display: grid;
    gap: var(--_space);
  }
  [hidden] {
    display: none !important;
  }
  .names {
    display: grid;
    gap: var(--_space);
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
  }
  .field {
    display: grid;
    gap: 0.25rem;
  }
  label,
  legend {
    font-weight: 600;
  }
  .optional,
  .hint {
    font-weight: 400;
    font-size: 0.9em;
  }
  input[type='text'],
  input[type='email'],
  input[type='tel'],
  input[type='number'],
  textarea,
  select {
    font: inherit;
    min-height: 2.75rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: inherit;
    width: 100%;
  }
  textarea {
    min-height: 5rem;
  }
  input[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: var(--_error);
    border-width: 2px;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .check {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
    font-weight: 400;
  }
  .check input {
    width: 1.5rem;
    height: 1.5rem;
    margin: 0;
    flex: none;
    accent-color: var(--_primary);
  }
  .error {
    color: var(--_error);
    margin: 0;
  }
  .summary {
    border: 2px solid var(--_error);
    border-radius: var(--_radius);
    padding: var(--_space);
  }
  .summary p {
    margin: 0 0 0.5rem;
    font-weight: 600;
  }
  .summary ul {
    margin: 0;
    padding-inline-start: 1.25rem;
  }
  .summary a {
    color: var(--_error);
    display: inline-block;
    min-height: 24px;
  }
  .notice {
    font-size: 0.9em;
    margin: 0;
  }
  .notice a,
  .link {
    color: inherit;
    display: inline-block;
    min-height: 24px;
  }
  button {
    font: inherit;
    font-weight: 600;
    min-height: 2.75rem;
    min-width: 2.75rem;
    padding: 0.5rem 1.25rem;
    border: 2px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_primary);
    color: var(--_on-primary);
    cursor: pointer;
  }
  button.secondary {
    background: transparent;
    color: var(--_primary);
  }
  button[disabled] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .config-error {
    border: 2px solid var(--_error);
    border-radius: var(--_radius);
    padding: var(--_space);
    color: var(--_error);
    margin: 0;
  }
  .status:empty {
    display: none;
  }
  .honeypot {
    position: absolute;
    left: -10000px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
  h2,
  h3 {
    margin: 0;
    font-size: 1.25em;
  }
`;
