/**
 * Size ceilings on the built, minified and gzipped files (run after `npm run
 * build`), counting every byte a page downloads (see `sizes.ts`). What a page
 * pays is what counts, so the ceilings hold the classic script a webmaster
 * pastes: it renders all four forms from at most 18.5 KB, and has loaded at
 * most 40 KB once a first submit went out (goal: 30 KB). Every other figure
 * (one widget per page, the proof-of-work worker) is printed beside them.
 */
import { describe, expect, it } from 'vitest';
import { CLASSIC_FIRST_SUBMIT, CLASSIC_RENDER, CLASSIC_SCRIPT_LIMITS, measure } from './sizes.js';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

describe('size ceilings (minified + gzip)', () => {
  const sizes = measure();
  const limits: Record<string, { ceiling: number; goal?: number }> = {
    [CLASSIC_RENDER]: CLASSIC_SCRIPT_LIMITS.render,
    [CLASSIC_FIRST_SUBMIT]: CLASSIC_SCRIPT_LIMITS.firstSubmit,
  };
  console.table(
    Object.fromEntries(
      Object.entries(sizes).map(([name, bytes]) => {
        const limit = limits[name];
        return [name, { size: kb(bytes), ceiling: limit ? kb(limit.ceiling) : '-', goal: limit?.goal ? kb(limit.goal) : '-' }];
      }),
    ),
  );

  it('the classic script renders all four forms from at most 18.5 KB', () => {
    expect(sizes[CLASSIC_RENDER]).toBeLessThanOrEqual(CLASSIC_SCRIPT_LIMITS.render.ceiling);
  });

  it('the classic script with everything it imports for a first submit stays within 40 KB', () => {
    expect(sizes[CLASSIC_FIRST_SUBMIT]).toBeLessThanOrEqual(CLASSIC_SCRIPT_LIMITS.firstSubmit.ceiling);
  });
});
