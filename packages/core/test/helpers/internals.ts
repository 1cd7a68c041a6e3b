// Internal modules that tests reach directly, beside the public API.
export { LogFluxError, fflateGzip, gunzipStrict, splitZstdFrames, wasmZstd } from '@logflux/core';
export { OutputSink as OutputSinkForTests } from '../../src/compression/outputSink.js';
