import { defineConfig, type Options } from 'tsup';

/** The build every Node-targeted package uses: ESM and CJS, with .d.ts and .d.cts. */
export function nodePackageConfig(entry: Options['entry'] = { index: 'src/index.ts' }) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    treeshake: true,
  });
}
