/**
 * `@logflux/browser`: zero-knowledge logging for web pages. Entries are sealed in the page under a
 * session key only the customer's private key can unwrap; the service stores ciphertext.
 */

export {
  type Attributes,
  CLIENT_DEFAULTS,
  type ClientOptions,
  type ClientStats,
  type DropReason,
  type FlushResult,
  isLogFluxError,
  LEVELS,
  type LevelName,
  LogFluxError,
  Logger,
} from '@logflux/core/runtime';
export type { CaptureHost, CaptureOptions, ConsoleCaptureOptions, PageContextOptions } from './captures.js';
export { type BrowserClientOptions, createLogFlux, DEFAULT_SPOOL_BYTES, type LogFluxBrowser, spoolName } from './client.js';
export { KEEPALIVE_LIMIT_BYTES, type KeepaliveBudget, keepaliveBudget, keepaliveCost, pageKeepaliveBudget } from './keepaliveBudget.js';
export { pageLifecycle } from './pageExit.js';
export {
  browserGzip,
  browserProviders,
  browserZstd,
  hasWebCrypto,
  lazyNobleAead,
  streamGzip,
  synchronously,
  webCryptoAead,
} from './providers.js';
export { type BrowserRequest, browserRequest } from './request.js';
export { idbSpool } from './spool.js';
