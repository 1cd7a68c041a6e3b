import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';

/** zstd.wasm beside the script-tag build, which fetches it from there. */
function copyZstdWasm(): void {
  const require = createRequire(import.meta.url);
  copyFileSync(join(dirname(require.resolve('@bokuweb/zstd-wasm')), '../web/zstd.wasm'), 'dist/zstd.wasm');
}

export default defineConfig([
  {
    // The ESM build for bundlers: one file per source module (src/lazy/ are loaded with import()),
    // so an application's bundler splits and tree-shakes module by module, as from source.
    entry: ['src/**/*.ts', '!src/global.ts'],
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    bundle: false,
    sourcemap: true,
  },
  {
    // The ESM entry points' types.
    entry: { index: 'src/index.ts' },
    format: ['esm'],
    target: 'es2022',
    dts: { only: true },
  },
  {
    // The script-tag build: one file, global `LogFlux`, everything bundled.
    entry: { 'logflux.global': 'src/global.ts' },
    format: ['iife'],
    globalName: 'LogFlux',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    noExternal: [/.*/],
    // zstd-wasm computes a default URL from import.meta.url, which a classic script lacks; the
    // URL actually used comes from the script's own src (src/global.ts).
    define: { 'import.meta.url': 'location.href' },
    outExtension: () => ({ js: '.js' }),
    onSuccess: async () => copyZstdWasm(),
  },
]);
