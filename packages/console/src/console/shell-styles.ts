/** The console's frame: a header that wraps on a phone, a side menu on a laptop, a top menu on a phone. */
import { css } from 'lit';

export const shellStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    background: var(--wash);
  }
  .skip {
    position: absolute;
    left: -999px;
    top: 0;
    background: var(--paper);
    padding: 0.5rem 1rem;
    z-index: 10;
  }
  .skip:focus {
    left: 0.5rem;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    padding: 0.5rem 1rem;
    background: var(--paper);
    border-bottom: 1px solid var(--line);
  }
  .brand {
    font-weight: 700;
    margin: 0 auto 0 0;
  }
  .who {
    margin: 0;
    color: var(--muted);
  }
  .language {
    display: flex;
    align-items: center;
    gap: 0.4rem;
    margin: 0;
    font-weight: 400;
  }
  :host {
    --nav-width: 13rem;
  }
  nav ul {
    list-style: none;
    margin: 0;
    padding: 0.5rem;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  nav a {
    display: block;
    padding: 0.6rem 0.9rem;
    border-radius: 0.4rem;
    text-decoration: none;
    min-height: 2.75rem;
  }
  nav a[aria-current='page'] {
    background: var(--accent);
    color: var(--accent-ink);
  }
  main {
    padding: 1rem;
    max-width: 80rem;
  }
  @media (min-width: 60rem) {
    :host {
      display: grid;
      grid-template-columns: var(--nav-width) 1fr;
      grid-template-rows: auto 1fr;
    }
    header,
    .skip {
      grid-column: 1 / -1;
    }
    nav ul {
      flex-direction: column;
    }
    main.sign-in {
      grid-column: 1 / -1;
    }
  }
  main:focus {
    outline: none;
  }
  .sign-in {
    max-width: 32rem;
    margin: 2rem auto;
    background: var(--paper);
    border: 1px solid var(--line);
    border-radius: 0.5rem;
  }
  .sign-in input {
    width: 100%;
  }
`;
