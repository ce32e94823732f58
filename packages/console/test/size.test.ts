/**
 * Each app's first screen within its budget (`src/<app>/app.json`), min+gz,
 * measured on the build (`npm test` builds first). What an app loads after
 * its first screen (the console's charts) is printed, not held.
 */
import { describe, expect, it } from 'vitest';
import { builtApps, firstScreenSize } from './bundle-size.js';

describe('first-screen budgets', () => {
  const apps = builtApps();

  it('builds the console', () => {
    expect(apps.map((app) => app.name)).toContain('console');
  });

  it.each(apps.map((app) => [app.name, app] as const))('%s loads its first screen within its budget', (_name, app) => {
    const size = firstScreenSize(app);
    console.log(
      `${app.name}: first screen ${size.bytes} B min+gz of ${app.firstScreenBudget} B (${size.files.join(', ')}); later ${size.laterBytes} B`,
    );
    expect(size.files).toContain(app.script);
    expect(size.bytes).toBeGreaterThan(1000);
    expect(size.bytes).toBeLessThanOrEqual(app.firstScreenBudget);
  });
});
