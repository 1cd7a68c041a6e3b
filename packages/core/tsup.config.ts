import { defineConfig } from 'tsup';

const ENTRIES = { index: 'src/index.ts', runtime: 'src/runtime.ts', codecs: 'src/codecs.ts', conformance: 'src/conformance/index.ts' };

export default defineConfig([
  {
    // CommonJS (require): the entry points with shared chunks, so that every entry point uses the
    // same modules — a LogFluxError from one passes `instanceof LogFluxError` against another (the
    // packed-install suite caught this).
    entry: ENTRIES,
    format: ['cjs'],
    splitting: true,
    dts: true,
    sourcemap: true,
    target: 'es2022',
    treeshake: true,
  },
  {
    // ESM: one file per source module, as the sources are. An application's bundler then splits
    // and tree-shakes module by module: what a browser page loads lazily (import()) stays out of its
    // first chunk, which a bundled ESM build (modules merged into shared chunks) defeats.
    entry: ['src/**/*.ts'],
    format: ['esm'],
    bundle: false,
    sourcemap: true,
    target: 'es2022',
  },
  {
    // The ESM entry points' types.
    entry: ENTRIES,
    format: ['esm'],
    dts: { only: true },
    target: 'es2022',
  },
]);
