import type { RollupLog } from 'rollup';

/** Rollup `onwarn` hiding zod's own warnings (see rollup-warnings.mjs). */
export function onwarn(warning: RollupLog, warn: (warning: RollupLog) => void): void;
