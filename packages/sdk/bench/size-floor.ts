/**
 * What the 12 KB goal for a signup page leaves for Tract's own code. A signup page is
 * built as one minified file (as an application's bundler without code
 * splitting would ship it), and beside it the floor no implementation can go
 * under: zod/mini with exactly the constructs the signup schema uses, idb's
 * `openDB`, and one language's messages, bundled together.
 */
import { gzipSync } from 'node:zlib';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { rollup } from 'rollup';
import { onwarn } from '../build/rollup-warnings.mjs';

/** The goal beyond the 20 KB ceiling the bundle-size test asserts. */
const GOAL = 12 * 1024;
const packageDir = new URL('..', import.meta.url).pathname;
const source = (path: string) => JSON.stringify(`${packageDir}src/${path}`);

/** The zod/mini constructs `src/schema/{signup,person,consent,source,fields}.ts` build the signup schema from. */
const ZOD_AS_SIGNUP_USES_IT = `
import * as z from 'zod/mini';
const text = z.string({ error: 'invalid_type' }).check(
  z.overwrite((v) => v.trim()), z.minLength(1, { error: 'required' }), z.maxLength(100, { error: 'too_long' }),
  z.regex(/^a/, { error: 'invalid_name' }), z.refine((v) => v !== 'x', { error: 'invalid_text' }));
const schema = z.strictObject({
  person: z.strictObject({ email: text, givenName: z.optional(text) }),
  consent: z.array(z.strictObject({ purpose: z.enum(['email', 'sms']), granted: z.literal(true) })),
});
export const parse = (input) => z.safeParse(schema, input, { reportInput: true });`;

const PAGES = {
  'signup page in one file (createClient + relay() + signup schema + English messages)': `
import { createClient, relay } from ${source('browser.ts')};
export function subscribe(url, input, bot) {
  return createClient({ backend: relay({ url }), actions: ['signup'] }).signup(input, { bot });
}`,
  'floor: zod/mini as the signup schema uses it + idb openDB + English messages': `
${ZOD_AS_SIGNUP_USES_IT}
export { openDB } from 'idb';
export { en } from ${source('messages/en.ts')};`,
  'zod/mini as the signup schema uses it, alone': ZOD_AS_SIGNUP_USES_IT,
};

/** Modules a signup page never loads: the other kinds' schemas and the other language. */
const NOT_ON_A_SIGNUP_PAGE = /[\\/]src[\\/](schema[\\/](petition|rsvp|donation|contact)|messages[\\/]fr)\.(ts|js)$/;

/** `code` bundled with its dependencies into one file, minified, gzipped: its size in bytes. */
async function oneFileSize(code: string): Promise<number> {
  const bundle = await rollup({
    input: 'page',
    external: (id, importer) => NOT_ON_A_SIGNUP_PAGE.test(importer && id.startsWith('.') ? new URL(id, `file://${importer}`).pathname : id),
    plugins: [
      { name: 'page', resolveId: (id) => (id === 'page' ? id : null), load: (id) => (id === 'page' ? code : null) },
      nodeResolve({ browser: true }),
      typescript({ tsconfig: `${packageDir}tsconfig.build.json`, declaration: false, declarationDir: undefined, outDir: undefined }),
    ],
    onwarn,
  });
  const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true, plugins: [terser({ module: true })] });
  await bundle.close();
  return gzipSync(output[0].code, { level: 9 }).length;
}

/** Prints each page's size, and what the goal leaves above the floor. */
export async function printSizeFloor(): Promise<void> {
  const sizes = new Map<string, number>();
  for (const [name, code] of Object.entries(PAGES)) sizes.set(name, await oneFileSize(code));
  console.log('\nBundle sizes, one file each, minified + gzip -9:');
  console.table(Object.fromEntries([...sizes].map(([name, bytes]) => [name, { bytes }])));
  const floor = [...sizes.values()][1]!;
  console.log(
    `The goal (${GOAL} bytes) leaves ${GOAL - floor} bytes above the floor for the client, relay(), the IndexedDB queue, ` +
      'retries, events, errors and the field rules (normalisation, look-alike domains, countries).',
  );
}
