/**
 * The widget builds: per-widget ESM entries sharing chunks, one ESM bundle
 * with all four, one IIFE for classic `<script>` tags, and the proof-of-work
 * worker as its own file (it must load under `script-src 'self'`).
 */
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import ts from 'typescript';

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

const widgets = ['signup', 'petition', 'donate', 'rsvp'];

export default [
  {
    input: { 'tract-widgets': 'src/index.ts', ...Object.fromEntries(widgets.map((w) => [w, `src/${w}.ts`])) },
    output: {
      dir: 'dist',
      format: 'es',
      // Flat: the worker URL is resolved next to whichever chunk holds the solver.
      chunkFileNames: 'tract-[name]-[hash].js',
      // Everything but a widget's own folder is shared by all four: one chunk, loaded once.
      manualChunks: (id) =>
        /\/src\/components\//.test(id) || /\/src\/(signup|petition|donate|rsvp|index)\.ts$/.test(id) ? undefined : 'shared',
      sourcemap: true,
      plugins: [terser({ module: true, ecma: 2022 })],
    },
    plugins: [resolve(), typescript()],
  },
  {
    input: 'src/index.ts',
    output: {
      file: 'dist/tract-widgets.iife.js',
      format: 'iife',
      name: 'TractWidgets',
      sourcemap: true,
      plugins: [terser({ ecma: 2022 })],
    },
    plugins: [resolve(), typescript()],
  },
  {
    input: 'src/challenge-worker.ts',
    output: { file: 'dist/tract-challenge-worker.js', format: 'es', sourcemap: true, plugins: [terser({ module: true, ecma: 2022 })] },
    plugins: [resolve(), typescript()],
  },
];
