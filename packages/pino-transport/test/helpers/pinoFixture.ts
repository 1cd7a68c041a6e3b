import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PinoTransportOptions } from '@logflux/pino-transport';
import { buildSync } from 'esbuild';
import pino from 'pino';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SOURCE = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

/**
 * pino loads a transport in its own worker thread, by path. Like a bundled application would, the
 * tests bundle the transport (with @logflux/node and core) into one file and give pino that path.
 * zstd-wasm stays external: it loads its .wasm file relative to itself.
 */
export function buildTarget(): string {
  const out = `${ROOT}.test-build/pino-transport.mjs`;
  mkdirSync(`${ROOT}.test-build`, { recursive: true });
  buildSync({
    entryPoints: [SOURCE],
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

/** A pino logger writing through the LogFlux transport in pino's worker thread. */
export function transportLogger(
  target: string,
  options: PinoTransportOptions,
  level = 'trace',
): { logger: pino.Logger; transport: { end(): void } } {
  const transport = pino.transport({ target, options });
  return { logger: pino({ level }, transport), transport };
}
