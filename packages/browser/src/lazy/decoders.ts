/** Lazily loaded chunk: core's strict gzip decoder (decoding is not needed to send logs). */
export { gunzipStrict } from '@logflux/core/codecs';
