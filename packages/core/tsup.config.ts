import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', runtime: 'src/runtime.ts', codecs: 'src/codecs.ts', conformance: 'src/conformance/index.ts' },
  format: ['esm', 'cjs'],
  // Shared chunks in the CommonJS build too (ESM splits by default): otherwise every entry point
  // carries its own copy of the modules they share, and a LogFluxError from one fails
  // `instanceof LogFluxError` against another (the packed-install suite caught this).
  splitting: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
});
