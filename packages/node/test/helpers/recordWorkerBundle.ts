import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The record worker bundled into one file, as a bundled application ships it (the script the
 * `workerScript` option names). zstd-wasm stays external: it loads its .wasm file beside itself.
 */
export function bundleRecordWorker(): string {
  const out = `${ROOT}.test-build/record-worker.mjs`;
  mkdirSync(`${ROOT}.test-build`, { recursive: true });
  buildSync({
    entryPoints: [fileURLToPath(new URL('../../src/recordWorker.ts', import.meta.url))],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['logflux-src'],
    external: ['@bokuweb/zstd-wasm'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });
  return out;
}
