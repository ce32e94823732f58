/**
 * The widget builds: per-widget ESM entries sharing chunks, one ESM bundle
 * with all four, the classic script (`tract-widgets.iife.js`: all four in one
 * file, for the one script tag a webmaster pastes) with the SDK module it
 * `import()`s (`tract-widgets-sdk.js`), and the proof-of-work worker as its
 * own file (it must load under `script-src 'self'`). The SDK, zod and the
 * solver are chunks the forms `import()` after their first render; each
 * action's schema and each language's SDK messages are chunks of their own.
 * `dist/chunks.*.json` record which chunk imports which, for the size ceilings.
 */
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import ts from 'typescript';
import { browserChunks } from '../sdk/build/browser-chunks.mjs';
import { onwarn } from '../sdk/build/rollup-warnings.mjs';

const resolve = () => nodeResolve({ exportConditions: ['tract-source', 'browser', 'import', 'default'], browser: true });

/**
 * TypeScript to JavaScript, file by file. The widgets compile the SDK's
 * sources too (workspace packages resolve to `src/` through `tract-source`),
 * which a project-bound compiler plugin refuses; types are checked by `tsc -b`.
 */
const typescript = () => ({
  name: 'transpile-typescript',
  /** `./module.js` in a TypeScript source names `./module.ts` (resolved by node-resolve, which knows each package's `sideEffects`). */
  resolveId(source, importer) {
    if (!importer?.endsWith('.ts') || !source.startsWith('.') || !source.endsWith('.js')) return null;
    return this.resolve(source.replace(/\.js$/, '.ts'), importer, { skipSelf: true });
  },
  transform(code, id) {
    if (!id.endsWith('.ts')) return null;
    const { outputText, sourceMapText } = ts.transpileModule(code, {
      fileName: id,
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        sourceMap: true,
        useDefineForClassFields: true,
        importHelpers: true,
      },
    });
    return { code: outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ''), map: sourceMapText };
  },
});

/**
 * The widgets' styles (`css\`...\`` in `*.styles.ts`) without the indentation
 * and line breaks terser leaves inside template literals: runs of whitespace
 * become one space, none is kept around `{`, `}`, `;` and `,` or after a
 * declaration's `:` (a space before `:` stays, as in `fieldset :focus`).
 * Nothing in the styles depends on whitespace otherwise (no `content` strings).
 */
const compactStyles = () => ({
  name: 'compact-styles',
  transform(code, id) {
    if (!/styles\.ts$/.test(id)) return null;
    // TypeScript writes the tag as `css \`...\``, with a space.
    const compacted = code.replace(/css\s*`([^`]*)`/g, (_, body) => {
      if (body.includes('${') || /content\s*:/.test(body)) return `css\`${body}\``;
      const text = body
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\s+/g, ' ')
        .replace(/\s*([{};,])\s*/g, '$1')
        .replace(/: /g, ':')
        .trim();
      return `css\`${text}\``;
    });
    return { code: compacted, map: null };
  },
});

const widgets = ['signup', 'petition', 'donate', 'rsvp'];

const SDK_MODULE = /[\\/]packages[\\/]sdk[\\/]src[\\/](?:([\w-]+)[\\/])?([\w-]+)\.ts$/;
const SDK_BARRELS = new Set(['index', 'actions']);
const WIDGET_KINDS = ['signup', 'petition', 'rsvp', 'donation'];

/** What a widget says when its relay fails it: a chunk of its own, fetched only then. */
const RELAY_PROBLEM_TEXTS = /[\\/]src[\\/]i18n[\\/]relay-problems\.ts$/;
/** A donor's return from the checkout: a chunk of its own, fetched only then. */
const PLEDGE_RETURN = /[\\/]src[\\/]core[\\/]pledge-return\.ts$/;

/** Modules only one form uses, by that form: its page alone downloads them. */
const ONE_FORM_MODULES = { ics: 'rsvp', money: 'donate', compliance: 'donate' };
const WIDGET_MODULE = /[\\/]src[\\/](?:components[\\/](signup|petition|donate|rsvp)[\\/]|(signup|petition|donate|rsvp)\.ts$)/;
const CORE_MODULE = /[\\/]src[\\/]core[\\/]([\w-]+)\.ts$/;

/**
 * Where a module goes, so that rollup never pulls one forms load later into a
 * chunk a page loads at once. `sdk`: the chunk forms `import()` after their
 * first render: the SDK (client, offline queue, relay backend), zod with the
 * shared field rules, the solver, what tells why a relay fails a form, and
 * the module that connects forms to them.
 * Each action's schema and each language's SDK messages are chunks of their
 * own unless `kindsInLater` names the kind. `now`: where Lit, the form
 * foundation, the widget texts and the lists of choices go. `entry`: the one
 * chunk the forms go to; without it (one widget per page), each form's chunk
 * is its own entry, with the modules only that form uses (`ONE_FORM_MODULES`).
 */
function chunker({ now, kindsInLater, entry }) {
  const oneForm = (name) => entry ?? ONE_FORM_MODULES[name] ?? now;
  return (id) => {
    const sdk = SDK_MODULE.exec(id);
    if (sdk) {
      const [, folder, name] = sdk;
      if (SDK_BARRELS.has(name)) return undefined;
      if (folder === 'schema' && ['signup', 'petition', 'rsvp', 'donation', 'contact', 'field-result'].includes(name))
        return kindsInLater.includes(name) ? 'sdk' : `schema-${name}`;
      if (folder === 'messages' && (name === 'en' || name === 'fr')) return `messages-${name}`;
      // The lists of choices and the compliance profiles are plain data the forms show before any validation.
      if (name === 'compliance') return oneForm(name);
      return browserChunks(id) === 'choices' ? now : 'sdk';
    }
    if (
      /[\\/]node_modules[\\/](zod|idb|altcha-lib)[\\/]/.test(id) ||
      /[\\/]src[\\/]core[\\/](submission|challenge|relay-problems)\.ts$/.test(id)
    )
      return 'sdk';
    if (RELAY_PROBLEM_TEXTS.test(id)) return 'relay-problems';
    if (PLEDGE_RETURN.test(id)) return 'pledge-return';
    const widget = WIDGET_MODULE.exec(id);
    if (widget || /[\\/]src[\\/]index\.ts$/.test(id)) return entry ?? widget?.[1] ?? widget?.[2];
    const core = CORE_MODULE.exec(id)?.[1];
    return core && core in ONE_FORM_MODULES ? oneForm(core) : now;
  };
}

/** Chunks of the SDK module the classic script imports: one file, and each language's messages apart. */
function classicSdkChunks(id) {
  if (RELAY_PROBLEM_TEXTS.test(id)) return 'relay-problems';
  if (PLEDGE_RETURN.test(id)) return 'pledge-return';
  const [, folder, name] = SDK_MODULE.exec(id) ?? [];
  if (folder === 'messages' && (name === 'en' || name === 'fr')) return `messages-${name}`;
  // Organizers' contacts and volunteers' field results: kinds no widget submits.
  if (folder === 'schema' && (name === 'contact' || name === 'field-result')) return `schema-${name}`;
  return CLASSIC_SDK;
}

const CLASSIC_SDK = 'tract-widgets-sdk';

/**
 * The classic script cannot be split into chunks, but it can `import()` a
 * module: the form foundation's `import('./submission.js')` becomes an import
 * of `tract-widgets-sdk.js` from the directory the script was loaded from
 * (`document.currentScript`, read while the script runs).
 */
const sdkBesideClassicScript = () => ({
  name: 'sdk-beside-classic-script',
  resolveDynamicImport(specifier) {
    return specifier === './submission.js' ? { id: CLASSIC_SDK, external: true } : null;
  },
  renderDynamicImport({ targetModuleId }) {
    return targetModuleId === CLASSIC_SDK ? { left: 'import((', right: ', tractSdkUrl))' } : null;
  },
});

const CLASSIC_SCRIPT_INTRO = `const tractSdkUrl = (() => {
  const src = document.currentScript && document.currentScript.src;
  if (!src) console.error('tract-widgets: load tract-widgets.iife.js with <script src="…/tract-widgets.iife.js">, not from a string or a module, so it finds ${CLASSIC_SDK}.js beside it.');
  return new URL('${CLASSIC_SDK}.js', src || document.baseURI).href;
})();`;

/** Writes `name`: each chunk's static and dynamic imports and the source modules it holds, for the size ceilings. */
const chunkManifest = (name) => ({
  name: 'chunk-manifest',
  generateBundle(_options, bundle) {
    const root = new URL('../../', import.meta.url).pathname;
    const chunks = Object.values(bundle)
      .filter((file) => file.type === 'chunk')
      .map((chunk) => ({
        file: chunk.fileName,
        imports: chunk.imports,
        dynamicImports: chunk.dynamicImports,
        modules: chunk.moduleIds.filter((id) => chunk.modules[id].renderedLength > 0).map((id) => id.replace(root, '')),
      }));
    this.emitFile({ type: 'asset', fileName: name, source: `${JSON.stringify(chunks, null, 1)}\n` });
  },
});

/** ES modules, flat: the worker URL is resolved next to whichever chunk holds the solver. */
const esm = (manualChunks, manifest) => ({
  dir: 'dist',
  format: 'es',
  chunkFileNames: 'tract-[name]-[hash].js',
  manualChunks,
  sourcemap: true,
  plugins: [terser({ module: true, ecma: 2022 }), chunkManifest(manifest)],
});

export default [
  // One widget per page: Lit and the form foundation are one chunk every widget shares; each kind's schema is its own.
  {
    input: Object.fromEntries(widgets.map((w) => [w, `src/${w}.ts`])),
    // An entry may export more than its source does (the compliance profiles the donation schema imports back).
    preserveEntrySignatures: 'allow-extension',
    output: esm(chunker({ now: 'shared', kindsInLater: [] }), 'chunks.widgets.json'),
    plugins: [resolve(), typescript(), compactStyles()],
    onwarn,
  },
  // All four as a module: one file to render them, one to submit with any of their kinds.
  {
    input: { 'tract-widgets': 'src/index.ts' },
    // The entry may export more than index.ts does (the choices the SDK chunk imports back), instead of becoming a facade file.
    preserveEntrySignatures: 'allow-extension',
    output: esm(chunker({ now: 'tract-widgets', entry: 'tract-widgets', kindsInLater: WIDGET_KINDS }), 'chunks.all.json'),
    plugins: [resolve(), typescript(), compactStyles()],
    onwarn,
  },
  // The classic script: everything the four forms render with, in one file; the SDK comes later as a module beside it.
  {
    input: 'src/index.ts',
    output: {
      file: 'dist/tract-widgets.iife.js',
      format: 'iife',
      name: 'TractWidgets',
      intro: CLASSIC_SCRIPT_INTRO,
      sourcemap: true,
      plugins: [terser({ ecma: 2022 })],
    },
    plugins: [resolve(), typescript(), compactStyles(), sdkBesideClassicScript()],
    onwarn,
  },
  {
    input: { [CLASSIC_SDK]: 'src/core/submission.ts' },
    preserveEntrySignatures: 'allow-extension',
    output: esm(classicSdkChunks, 'chunks.classic.json'),
    plugins: [resolve(), typescript(), compactStyles()],
    onwarn,
  },
  {
    input: 'src/challenge-worker.ts',
    output: { file: 'dist/tract-challenge-worker.js', format: 'es', sourcemap: true, plugins: [terser({ module: true, ecma: 2022 })] },
    plugins: [resolve(), typescript(), compactStyles()],
    onwarn,
  },
];
