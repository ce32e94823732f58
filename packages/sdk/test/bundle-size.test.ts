/**
 * Size budgets of what a page downloads to submit a signup: `createClient` +
 * `relay()` + the signup schema + one locale's messages (the page names the
 * kinds it submits: `createClient({ actions: ['signup'] })`), built the way a site
 * builds it (rollup, node-resolve for browsers, terser, the SDK's own chunking
 * of `build/browser-chunks.mjs`), minified and gzipped chunk by chunk as a
 * server sends them. Every byte counts: the entry, every chunk it imports, and
 * the chunks the signup's `import()`s load (its schema, zod with the shared
 * field rules, English messages). Every figure is printed.
 *
 * Issue 2 asks for 10 KB. That is out of reach with zod/mini inlined: zod's
 * core, with the string, number, object, array and enum checks and the field
 * rules every action shares, is about 10.3 KB gzipped by itself, and the
 * client, `relay()`, the offline queue on idb and the retries are 6.8 KB
 * (`npm run bench` prints the floor under the budget). What
 * the split buys is what a page no longer carries (the other four schemas, the
 * other language) and what it no longer loads before its first submit (zod).
 * The ceilings asserted here are today's sizes plus about 3 %, so any growth fails.
 */
import { gzipSync } from 'node:zlib';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { type OutputChunk, rollup } from 'rollup';
import { expect, it } from 'vitest';
import { browserChunks } from '../build/browser-chunks.mjs';
import { onwarn } from '../build/rollup-warnings.mjs';

/** Issue 2's budget for everything a signup page downloads. */
const ISSUE_BUDGET_BYTES = 10 * 1024;
/** Today's figures plus about 3 %: everything a signup needs, and what loads before the first submit. */
const CEILINGS = { signupPage: 18_200, beforeFirstSubmit: 6_500, signupPageWithoutDependencies: 9_900, browserBuildAtStart: 7_500 };
const packageDir = new URL('..', import.meta.url).pathname;

const SIGNUP_PAGE = `
import { createClient, relay } from ${JSON.stringify(`${packageDir}src/index.ts`)};
export function subscribe(url, input, bot) {
  return createClient({ backend: relay({ url }), actions: ['signup'] }).signup(input, { bot });
}`;

/** The chunks of `input` (the signup page by default), minified, by file name. */
async function buildPage(inlineDependencies: boolean, input = 'signup-page'): Promise<Map<string, OutputChunk>> {
  const bundle = await rollup({
    input,
    external: inlineDependencies ? undefined : (id) => /^(zod|idb)(\/|$)/.test(id),
    plugins: [
      {
        name: 'signup-page',
        resolveId: (id) => (id === 'signup-page' ? id : null),
        load: (id) => (id === 'signup-page' ? SIGNUP_PAGE : null),
      },
      nodeResolve({ browser: true }),
      typescript({
        tsconfig: `${packageDir}tsconfig.build.json`,
        declaration: false,
        declarationDir: undefined,
        outDir: undefined,
        noEmitOnError: false,
      }),
    ],
    onwarn,
  });
  const { output } = await bundle.generate({ format: 'es', manualChunks: browserChunks, plugins: [terser({ module: true })] });
  await bundle.close();
  return new Map(output.flatMap((file) => (file.type === 'chunk' ? [[file.fileName, file]] : [])));
}

/** `roots` and every chunk they import statically, transitively (imports left external are not chunks). */
function staticClosure(chunks: Map<string, OutputChunk>, roots: OutputChunk[]): OutputChunk[] {
  const seen = new Map<string, OutputChunk>();
  const visit = (chunk: OutputChunk) => {
    if (seen.has(chunk.fileName)) return;
    seen.set(chunk.fileName, chunk);
    for (const name of chunk.imports) {
      const imported = chunks.get(name);
      if (imported) visit(imported);
    }
  };
  for (const root of roots) visit(root);
  return [...seen.values()];
}

/** The chunk that holds the module whose path ends with `suffix`. */
function chunkHolding(chunks: Map<string, OutputChunk>, suffix: string): OutputChunk {
  const chunk = [...chunks.values()].find((c) => c.moduleIds.some((id) => id.endsWith(suffix)));
  if (!chunk) throw new Error(`No chunk holds ${suffix}.`);
  return chunk;
}

const gzipped = (chunk: OutputChunk) => gzipSync(chunk.code, { level: 9 }).length;
const total = (list: OutputChunk[]) => list.reduce((sum, chunk) => sum + gzipped(chunk), 0);

/** What a signup page loads at start, and everything it has loaded once a signup is submitted. */
async function measureSignupPage(inlineDependencies: boolean) {
  const chunks = await buildPage(inlineDependencies);
  const entry = [...chunks.values()].find((chunk) => chunk.isEntry) as OutputChunk;
  const atStart = staticClosure(chunks, [entry]);
  const signup = staticClosure(chunks, [entry, chunkHolding(chunks, 'src/schema/signup.ts'), chunkHolding(chunks, 'src/messages/en.ts')]);
  for (const chunk of signup) console.log(`  ${chunk.fileName}: ${gzipped(chunk)} bytes gzipped`);
  return { chunks, atStart, signup };
}

it('a signup page downloads only the signup schema and one language, and stays under its ceiling (issue 2 budget printed)', async () => {
  const { atStart, signup } = await measureSignupPage(true);
  const code = signup.map((chunk) => chunk.code).join('\n');
  const modules = signup.flatMap((chunk) => chunk.moduleIds);
  expect(code).toContain('/v1/signups');
  expect(code).toContain('indexedDB');
  expect(code).not.toContain('actionnetwork');
  expect(code).not.toContain('Tract-Signature');
  for (const other of ['donation', 'contact', 'petition', 'rsvp', 'compliance']) {
    expect(modules.some((id) => id.endsWith(`src/schema/${other}.ts`))).toBe(false);
  }
  expect(modules.some((id) => id.endsWith('src/messages/fr.ts'))).toBe(false);
  const signupBytes = total(signup);
  const startBytes = total(atStart);
  console.log(
    `signup page, self-contained: ${signupBytes} bytes gzipped in ${signup.length} files (issue 2 budget ${ISSUE_BUDGET_BYTES}, ceiling ${CEILINGS.signupPage}); ` +
      `${startBytes} bytes before the first submit (ceiling ${CEILINGS.beforeFirstSubmit})`,
  );
  expect(signupBytes).toBeLessThan(CEILINGS.signupPage);
  expect(startBytes).toBeLessThan(CEILINGS.beforeFirstSubmit);
}, 120_000);

it('a signup page loads zod only when it submits: nothing before the first submit holds a schema', async () => {
  const { atStart } = await measureSignupPage(true);
  const modules = atStart.flatMap((chunk) => chunk.moduleIds);
  expect(modules.some((id) => /[\\/]node_modules[\\/]zod[\\/]/.test(id))).toBe(false);
  expect(modules.some((id) => /src[\\/]schema[\\/](fields|signup)\.ts$/.test(id))).toBe(false);
}, 120_000);

it('the SDK code of a signup page (zod and idb as imports) stays under its ceiling', async () => {
  const { signup } = await measureSignupPage(false);
  const bytes = total(signup);
  console.log(`signup page, SDK code only: ${bytes} bytes gzipped (ceiling ${CEILINGS.signupPageWithoutDependencies})`);
  expect(bytes).toBeLessThan(CEILINGS.signupPageWithoutDependencies);
}, 120_000);

it('the browser build (dist/tract.browser.js) loads no CRM backend, no JSON Schema and no schema before the first submit', async () => {
  const chunks = await buildPage(true, `${packageDir}src/browser.ts`);
  const entry = [...chunks.values()].find((chunk) => chunk.isEntry) as OutputChunk;
  const atStart = staticClosure(chunks, [entry]);
  const everything = [...chunks.values()].map((chunk) => chunk.code).join('\n');
  expect(everything).not.toContain('actionnetwork');
  expect(everything).not.toContain('Tract-Signature');
  expect(everything).not.toContain('json-schema.org');
  expect(atStart.flatMap((chunk) => chunk.moduleIds).some((id) => /[\\/]node_modules[\\/]zod[\\/]/.test(id))).toBe(false);
  const bytes = total(atStart);
  console.log(`browser build, loaded at start: ${bytes} bytes gzipped (ceiling ${CEILINGS.browserBuildAtStart})`);
  expect(bytes).toBeLessThan(CEILINGS.browserBuildAtStart);
}, 120_000);
