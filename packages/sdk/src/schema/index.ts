/**
 * @tract/sdk/schema: the single source of truth for what a person, a consent,
 * a source and each action are. Widgets, the SDK client, the relay and the
 * extension all validate with these schemas.
 *
 * Every schema built at module level is wrapped in a `/* @__PURE__ *\/` arrow
 * that runs at once: bundlers cannot tell that zod's builders have no side
 * effects, and without the annotation a page that only signs people up would
 * ship the donation and contact schemas too.
 */
export * from './actions.js';
export * from './codes.js';
export * from './compliance.js';
export * from './consent.js';
export * from './envelope.js';
export { actionJsonSchemas } from './json-schema.js';
export { preloadValidation, validateActionOnDemand } from './on-demand.js';
export { type Person, type PersonInput, personSchema } from './person.js';
export { type Source, sourceSchema } from './source.js';
export { cleanLine, cleanMultiline } from './text.js';
export { toFieldIssues, type ValidationResult, validateAction } from './validate.js';
