import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../../', import.meta.url));

/** `zstd.wasm` of the web build of @bokuweb/zstd-wasm, which the zstd chunk fetches beside itself. */
export function zstdWasmPath(): string {
  // The package's "require" condition is its CommonJS build, in dist/common beside dist/web.
  const require = createRequire(join(PACKAGE, 'package.json'));
  return join(dirname(require.resolve('@bokuweb/zstd-wasm')), '../web/zstd.wasm');
}

/**
 * Bundles a test page script as an application's bundler would: ESM with code splitting (the lazy
 * chunks become files of their own) and the .wasm beside them. Returns the output directory.
 */
export async function buildPage(name: string, entry = fileURLToPath(new URL('../pages/harness.ts', import.meta.url))): Promise<string> {
  const out = join(ROOT, '.test-build', `browser-${name}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: { harness: entry },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: out,
    conditions: ['logflux-src'],
    logLevel: 'error',
  });
  copyFileSync(zstdWasmPath(), join(out, 'zstd.wasm'));
  return out;
}

/** The script-tag build (IIFE, global `LogFlux`) from source, with zstd.wasm beside it. */
export async function buildGlobal(name: string): Promise<string> {
  const out = join(ROOT, '.test-build', `browser-${name}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: { 'logflux.global': join(PACKAGE, 'src/global.ts') },
    bundle: true,
    format: 'iife',
    globalName: 'LogFlux',
    platform: 'browser',
    target: 'es2022',
    outdir: out,
    minify: true,
    define: { 'import.meta.url': 'location.href' },
    conditions: ['logflux-src'],
    logLevel: 'error',
  });
  copyFileSync(zstdWasmPath(), join(out, 'zstd.wasm'));
  return out;
}

export const HARNESS_HTML =
  '<!doctype html><meta charset="utf-8"><title>logflux test</title><script type="module" src="/harness.js"></script>';
