/**
 * Rollup `onwarn` for every build that bundles zod: zod's comment placement
 * (`INVALID_ANNOTATION`) and its import cycles are its business, not ours;
 * every other warning is shown. Shared by the SDK's and the widgets' builds,
 * size tests and benchmarks.
 */
export function onwarn(warning, warn) {
  if (warning.code !== 'INVALID_ANNOTATION' && warning.code !== 'CIRCULAR_DEPENDENCY') warn(warning);
}
