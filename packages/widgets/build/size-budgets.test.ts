/**
 * Size budgets on the built, minified and gzipped files (run after `npm run
 * build`); every figure is printed beside the budget of issue 4.
 *
 * Issue 4 asks for 22 KB for all four widgets with the SDK and 16 KB for one
 * widget. That is out of reach with the SDK as it is: its self-contained
 * browser bundle (zod/mini with every action schema, the client, the offline
 * queue on idb) is about 18 KB by itself, and Lit is 5.6 KB, so the floor is
 * above 22 KB before any widget code. The ceilings asserted here are the ones
 * this build meets today, so any growth fails; the gap to the issue's budgets
 * is printed on every run.
 */
import { describe, expect, it } from 'vitest';
import { ISSUE_BUDGETS, measure, WIDGETS } from './sizes.js';

/** What this build weighs today, plus a little room; growth beyond fails. */
const CEILINGS = { allWithSdk: 38 * 1024, singleWidget: 37 * 1024, worker: 2 * 1024 };

describe('size budgets (minified + gzip)', () => {
  const sizes = measure();
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
  const issueBudget = (name: string) =>
    name.includes('all four') ? ISSUE_BUDGETS.allWithSdk : name.includes('alone') ? ISSUE_BUDGETS.singleWidget : undefined;
  console.table(
    Object.fromEntries(
      Object.entries(sizes).map(([name, bytes]) => {
        const budget = issueBudget(name);
        return [
          name,
          { size: kb(bytes), 'issue 4 budget': budget ? kb(budget) : '-', over: budget ? kb(Math.max(0, bytes - budget)) : '-' },
        ];
      }),
    ),
  );

  it(`all four widgets with the SDK stay under ${CEILINGS.allWithSdk / 1024} KB`, () => {
    expect(sizes['tract-widgets.iife.js (all four + SDK)']).toBeLessThan(CEILINGS.allWithSdk);
  });

  for (const widget of WIDGETS) {
    it(`${widget} alone (with the SDK) stays under ${CEILINGS.singleWidget / 1024} KB`, () => {
      expect(sizes[`${widget}.js (alone, with SDK)`]).toBeLessThan(CEILINGS.singleWidget);
    });
  }

  it('the proof-of-work worker (altcha-lib solver) stays under 2 KB', () => {
    expect(sizes['tract-challenge-worker.js (altcha-lib solver)']).toBeLessThan(CEILINGS.worker);
  });
});
