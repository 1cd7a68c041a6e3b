import { fflateGzip } from './compression/gzipFflate.js';
import { wasmZstd } from './compression/zstdProvider.js';
import { nobleAead } from './crypto/aeadNoble.js';
import { pooledRandom, webRandom } from './crypto/random.js';
import type { CodecProviders } from './providers.js';

/** Providers that run anywhere JavaScript and Web Crypto do. Runtimes replace them with native ones. */
export function portableProviders(): CodecProviders {
  return { aead: nobleAead, gzip: fflateGzip, zstd: wasmZstd, random: pooledRandom(webRandom) };
}
