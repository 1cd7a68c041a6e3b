/**
 * `@logflux/node`: zero-knowledge logging for Node.js. Entries are sealed in this process under a
 * session key only the customer's private key can unwrap; the service stores ciphertext.
 */

export {
  type Attributes,
  CLIENT_DEFAULTS,
  type ClientOptions,
  type ClientStats,
  type DropReason,
  type EntryInput,
  type FlushResult,
  LEVELS,
  type LevelName,
  LogFluxError,
  Logger,
} from '@logflux/core';
export {
  createLogFlux,
  DEFAULT_SPOOL_BYTES,
  defaultSealThreads,
  defaultSpoolDir,
  LogFluxNode,
  type NodeClientOptions,
  unrefClock,
} from './client.js';
export { DiskSpool } from './diskSpool.js';
export { ENV_VARIABLES, initFromEnv, optionsFromEnv } from './env.js';
export { type LogRecord, logRecord, type RecordClient, type RecordError, recordError } from './logRecord.js';
export { attachProcessHooks, type ProcessHooks } from './processHooks.js';
export { nodeAead, nodeGzip, nodeProviders, nodeZstd, prepareZstd } from './providers.js';
export { kyRequest } from './request.js';
export { SealPool, type SealPoolOptions, sharedSealPool } from './sealPool.js';
export { oncePerClass, problemOf, startWorkerClient, type WorkerClientOptions, type WorkerProblem } from './workerClient.js';
export { type RecordWorker, type RecordWorkerOptions, type RecordWorkerStats, startRecordWorker } from './workerHost.js';
