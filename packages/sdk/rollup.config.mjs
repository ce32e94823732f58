/**
 * The published build. `dist/index.js` and `dist/schema.js` are ES modules
 * that keep `zod` and `idb` as imports, so an application's bundler shares and
 * tree-shakes them; `.d.ts` files sit beside them. `dist/tract.browser.js` is
 * the browser API (`src/browser.ts`) with its two dependencies inlined and
 * minified, for a page that loads it with a plain `<script type="module">`;
 * each action's schema and each locale's messages are chunks beside it in
 * `dist/browser/`, imported the first time the page uses them.
 */
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { browserChunks } from './build/browser-chunks.mjs';
import { onwarn } from './build/rollup-warnings.mjs';

export default [
  {
    input: { index: 'src/index.ts', schema: 'src/schema/index.ts' },
    external: (id) => /^(zod|idb)(\/|$)/.test(id),
    output: { dir: 'dist', format: 'es', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js' },
    plugins: [typescript({ tsconfig: './tsconfig.build.json' })],
    onwarn,
  },
  {
    input: 'src/browser.ts',
    output: {
      dir: 'dist',
      entryFileNames: 'tract.browser.js',
      chunkFileNames: 'browser/[name]-[hash].js',
      format: 'es',
      sourcemap: true,
      manualChunks: browserChunks,
    },
    plugins: [
      nodeResolve({ browser: true }),
      typescript({ tsconfig: './tsconfig.build.json', declaration: false, declarationDir: undefined, outDir: 'dist' }),
      terser({ module: true }),
    ],
    onwarn,
  },
];
