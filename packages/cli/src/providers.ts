import { type CodecProviders, initZstdWasm, portableProviders } from '@logflux/core';

/** The providers the CLI decodes with: the portable set, with zstd loaded up front. */
export async function cliProviders(): Promise<CodecProviders> {
  await initZstdWasm();
  return portableProviders();
}
