/**
 * Where errors go that have no caller to throw to (an event listener that
 * threw, a background replay that failed): the host's error reporting.
 */
export function reportError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (report) report(error);
  else console.error(error);
}
