// Internal modules that tests reach directly, beside the public API.
export { fflateGzip, gunzipStrict, LogFluxError, splitZstdFrames, wasmZstd } from '@logflux/core';
export { OutputSink as OutputSinkForTests } from '../../src/compression/outputSink.js';
