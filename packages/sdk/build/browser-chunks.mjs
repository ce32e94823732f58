/**
 * How the browser build of the SDK is cut into chunks, shared by
 * `rollup.config.mjs` and the bundle-size test so the test measures what ships.
 *
 * zod and the field rules every action shares travel as one `validation`
 * chunk, loaded with the first schema a page uses: one request and one gzip
 * window instead of five. The lists of choices and issue codes, which the
 * client needs without zod, are a small chunk of their own.
 */
const SCHEMA_MODULE = /[\\/]src[\\/]schema[\\/](\w[\w-]*)\.ts$/;
const VALIDATION_MODULES = new Set(['consent', 'domain', 'fields', 'issues', 'parse', 'person', 'source', 'text']);

/** Rollup `manualChunks` for browser builds of the SDK. */
export function browserChunks(id) {
  if (/[\\/]node_modules[\\/]zod[\\/]/.test(id)) return 'validation';
  const schemaModule = SCHEMA_MODULE.exec(id)?.[1];
  if (schemaModule === 'codes' || schemaModule === 'choices') return 'choices';
  return schemaModule && VALIDATION_MODULES.has(schemaModule) ? 'validation' : undefined;
}
