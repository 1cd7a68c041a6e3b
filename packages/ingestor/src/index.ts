/**
 * `@logflux/ingestor`: the reference LogFlux ingestor. A real, durable service for development,
 * CI and wire-format checks: it speaks the protocol of docs/protocol.md, stores ciphertext only,
 * and serves it back through a read API for local decryption.
 */

export { type Fault, FaultInjector } from './faults.js';
export { CORS_ALLOW_HEADERS, CORS_ALLOW_METHODS, CORS_EXPOSE_HEADERS, CORS_MAX_AGE, CorsPolicy } from './http/cors.js';
export { MAX_ENVELOPE_DEPTH } from './jsonDepth.js';
export { RateLimiter, type RateLimitOptions } from './rateLimit.js';
export type { Limits } from './routes/handshake.js';
export { INGESTOR_VERSION, type Ingestor, type IngestorOptions, STORAGE_RETRY_AFTER_SECONDS, startIngestor } from './server.js';
export { CorruptLogError, RecordLog, type RecordLogOptions, type RecordPosition } from './storage/recordLog.js';
export type { LogFileIo, SegmentFile } from './storage/segmentFile.js';
export { type StorageHealth, StorageUnavailableError } from './storage/storageError.js';
export { type EntryQuery, IngestStore, type StoredEntry, type StoredResponse, type StoredSessionKey } from './store.js';
export { type ApiKeyRecord, type NewTenant, type Tenant, TenantRegistry } from './tenants.js';
