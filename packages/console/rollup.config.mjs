/**
 * The console build: one ES-module entry per app (`build/apps.mjs`), sharing
 * chunks (Lit, the shared client and texts); what an app `import()`s (the
 * charts and uPlot) becomes chunks loaded after its first screen. Each app's
 * `index.html` is copied to `dist/<app>.html`; `dist/apps.json` lists the apps
 * for the relay, and `dist/chunks.json` which chunk imports which, for the
 * size test and the bench.
 */
import { readFileSync } from 'node:fs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { onwarn } from '../sdk/build/rollup-warnings.mjs';
import { apps } from './build/apps.mjs';

const list = apps();

/** `import text from '….css'`: the stylesheet as a string, for a constructed stylesheet (no inline style under the CSP). */
const cssAsText = () => ({
  name: 'css-as-text',
  transform(code, id) {
    return id.endsWith('.css') ? { code: `export default ${JSON.stringify(code)};`, map: { mappings: '' } } : null;
  },
});

/** Copies each app's page and writes the lists the relay and the size test read. */
const pagesAndManifests = () => ({
  name: 'pages-and-manifests',
  generateBundle(_options, bundle) {
    for (const app of list) this.emitFile({ type: 'asset', fileName: `${app.name}.html`, source: readFileSync(app.html, 'utf8') });
    const apps = list.map(({ name, firstScreenBudget }) => ({ name, page: `${name}.html`, script: `${name}.js`, firstScreenBudget }));
    this.emitFile({ type: 'asset', fileName: 'apps.json', source: `${JSON.stringify(apps, null, 1)}\n` });
    const chunks = Object.values(bundle)
      .filter((file) => file.type === 'chunk')
      .map((chunk) => ({ file: chunk.fileName, imports: chunk.imports, dynamicImports: chunk.dynamicImports }));
    this.emitFile({ type: 'asset', fileName: 'chunks.json', source: `${JSON.stringify(chunks, null, 1)}\n` });
  },
});

export default {
  input: Object.fromEntries(list.map((app) => [app.name, app.entry])),
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    sourcemap: true,
    plugins: [terser({ module: true, ecma: 2022 })],
  },
  plugins: [
    nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'] }),
    cssAsText(),
    typescript({ tsconfig: './tsconfig.build.json', outputToFilesystem: false }),
    pagesAndManifests(),
  ],
  onwarn,
};
