/**
 * The size budget of @logflux/browser's default entry: bundled from source the way an
 * application's bundler would (ESM, minified, with @logflux/core), gzipped. Counted is everything
 * the entry loads statically; the chunks it loads with import() (src/lazy/: zstd, the fallback
 * chunk, the decoders, the insecure-context handshake) are not. Prints the figures and ends with
 * "N passed, N failed" (1 check: within the budget).
 *
 *   node --conditions=logflux-src --import tsx packages/browser/scripts/size.ts
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Plugin } from 'esbuild';

/**
 * SI kilobytes, as size-limit counts them. Raised from 15,000 when the pipeline became small modules
 * and gained multipart, writeBatch and events; issue 15 replaces this static-entry figure with what
 * Chromium fetches (≤ 12,288 bytes at start).
 */
export const BUDGET_BYTES = 20_500;

const ENTRY = new URL('../src/index.ts', import.meta.url).pathname;

export interface EntrySize {
  /** Minified bytes of the entry and everything it imports statically. */
  minified: number;
  /** The same, gzipped (level 9). */
  gzipped: number;
  /** Gzipped bytes of the lazily loaded chunks, for information. */
  lazyGzipped: number;
}

const COMMON = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  write: false,
  conditions: ['logflux-src'],
  logLevel: 'error',
} satisfies BuildOptions;

const LAZY_DIR = new URL('../src/lazy/', import.meta.url).pathname;
const LAZY = readdirSync(LAZY_DIR)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join(LAZY_DIR, f));

/** Leaves every import() out of the bundle: the browser's src/lazy/ chunks and core's lazily loaded parts. */
const lazyExternal: Plugin = {
  name: 'lazy-external',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
  },
};

export async function measureEntry(): Promise<EntrySize> {
  // The entry as one file, with the import() targets left out, as Rollup-based bundlers (Vite)
  // emit it; esbuild's own code splitting would add a few hundred bytes of shared-chunk overhead.
  const entry = await build({ ...COMMON, entryPoints: [ENTRY], plugins: [lazyExternal] });
  const lazy = await build({ ...COMMON, entryPoints: LAZY, splitting: true, outdir: 'size-check' });
  const code = entry.outputFiles?.[0]?.contents ?? new Uint8Array();
  return {
    minified: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
    lazyGzipped: (lazy.outputFiles ?? []).reduce((n, f) => n + gzipSync(f.contents, { level: 9 }).length, 0),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size = await measureEntry();
  const ok = size.gzipped <= BUDGET_BYTES;
  console.log(
    `@logflux/browser default entry: ${size.minified} bytes minified, ${size.gzipped} bytes gzipped (budget ${BUDGET_BYTES}); lazily loaded chunks ${size.lazyGzipped} bytes gzipped, not counted`,
  );
  console.log(`${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
  process.exitCode = ok ? 0 : 1;
}
