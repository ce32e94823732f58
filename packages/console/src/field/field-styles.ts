/** The field page's look: one column for a phone held in one hand, targets of at least 48 px. */
import { css } from 'lit';

export const fieldStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    background: var(--paper);
  }
  header {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    justify-content: space-between;
    padding: 0.5rem 1rem;
    background: var(--wash);
    border-bottom: 1px solid var(--line);
  }
  .brand {
    margin: 0;
    font-weight: 700;
  }
  .language {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  .language select {
    min-height: 3rem;
  }
  main {
    max-width: 40rem;
    margin: 0 auto;
    padding: 1rem;
  }
  .list {
    font-weight: 600;
    margin: 0 0 0.25rem;
  }
  .hint {
    color: var(--muted);
  }
  .banner {
    padding: 0.75rem;
    border: 2px solid var(--danger);
    border-radius: 0.4rem;
  }
  .script summary {
    min-height: 3rem;
    display: flex;
    align-items: center;
    cursor: pointer;
    font-weight: 600;
  }
  .script-text {
    white-space: pre-wrap;
    padding: 0.75rem;
    background: var(--wash);
    border-radius: 0.4rem;
  }
  .person {
    border-top: 1px solid var(--line);
    margin-top: 1rem;
    padding-top: 1rem;
  }
  .person h2 {
    font-size: 1.75rem;
  }
  button.big,
  a.big {
    display: flex;
    align-items: center;
    justify-content: center;
    width: 100%;
    min-height: 3.5rem;
    margin: 0.75rem 0;
    font-size: 1.1rem;
    font-weight: 600;
    text-align: center;
  }
  a.call {
    border-radius: 0.4rem;
    background: var(--ok);
    color: #fff;
    text-decoration: none;
  }
  .address {
    display: flex;
    flex-direction: column;
    padding: 0.75rem;
    background: var(--wash);
    border-radius: 0.4rem;
    font-size: 1.1rem;
  }
  .address .label {
    font-weight: 600;
  }
  fieldset {
    border: 1px solid var(--line);
    border-radius: 0.4rem;
    margin: 0.75rem 0;
    padding: 0.5rem 0.75rem;
  }
  legend {
    font-weight: 600;
  }
  .choice {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    min-height: 3rem;
  }
  .choice input {
    width: 1.5rem;
    height: 1.5rem;
    margin: 0;
  }
  .levels {
    display: flex;
    flex-wrap: wrap;
    gap: 0 1rem;
  }
  .levels legend {
    width: 100%;
  }
  .level {
    min-width: 3rem;
  }
  .note {
    display: block;
    margin-top: 0.75rem;
    font-weight: 600;
  }
  textarea {
    width: 100%;
  }
`;
