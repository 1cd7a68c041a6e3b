import { gzipSync } from 'fflate';
import type { CompressionProvider } from '../providers.js';
import { gunzipStrict } from './gzipStrict.js';

/**
 * Portable gzip: `fflate` compresses (with MTIME fixed at 0, so output does not leak the clock);
 * decompression is the strict multi-member decoder in this package, because fflate reads only the
 * first member and does not check the CRC.
 */
export const fflateGzip: CompressionProvider = {
  name: 'fflate-gzip',
  compress(data) {
    const out = gzipSync(data, { level: 6 });
    // fflate treats mtime 0 as "now"; MTIME (bytes 4-7) is outside every checksum, so clear it.
    out.fill(0, 4, 8);
    return out;
  },
  decompress(data, limit) {
    return gunzipStrict(data, limit);
  },
};
