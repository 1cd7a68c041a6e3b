import { gzipSync } from 'fflate';
import type { CompressionProvider } from '../providers.js';
import { crc32 } from './crc32.js';
import { gzipSmall, SMALL_INPUT_LIMIT } from './deflateSmall.js';
import { gunzipStrict } from './gzipStrict.js';

/**
 * Portable gzip. Entries up to 4 KiB (nearly all log entries) go through this package's small-input
 * encoder, about 15 times faster than fflate at that size; larger ones through `fflate`, with
 * MTIME fixed at 0 so output does not leak the clock. Decompression is the strict multi-member
 * decoder in this package, because fflate reads only the first member and does not check the CRC.
 */
export const fflateGzip: CompressionProvider = {
  name: 'fflate-gzip',
  compress(data) {
    if (data.length <= SMALL_INPUT_LIMIT) return gzipSmall(data, crc32);
    const out = gzipSync(data, { level: 6 });
    // fflate treats mtime 0 as "now"; MTIME (bytes 4-7) is outside every checksum, so clear it.
    out.fill(0, 4, 8);
    return out;
  },
  decompress(data, limit) {
    return gunzipStrict(data, limit);
  },
};
