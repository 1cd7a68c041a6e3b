/**
 * `@logflux/node`: zero-knowledge logging for Node.js. Entries are sealed in this process under a
 * session key only the customer's private key can unwrap; the service stores ciphertext.
 */

export {
  type Attributes,
  CLIENT_DEFAULTS,
  type ClientOptions,
  type ClientStats,
  type DiagnosticLevel,
  type DropReason,
  type EntryInput,
  type ErrorClass,
  type FlushResult,
  isLogFluxError,
  LEVELS,
  type LevelName,
  LogFluxError,
  Logger,
  type OtelSpanLike,
  type SpanInput,
} from '@logflux/core';
export { createLogFlux, defaultSpoolDir, initFromEnv, LogFluxNode, type NodeClientHost, unrefClock } from './client.js';
export { DiskSpool } from './diskSpool.js';
export { ENV_VARIABLES, optionsFromEnv, resolveNodeOptions } from './env.js';
export { ExitSender, exitSender } from './exitSender.js';
export { type LogRecord, logRecord, type RecordClient, type RecordError, recordError } from './logRecord.js';
export {
  DEFAULT_EXIT_TIMEOUT_MS,
  DEFAULT_SPOOL_BYTES,
  type Durability,
  defaultSealThreads,
  type NodeClientOptions,
} from './nodeOptions.js';
export { loadOtelApi } from './otel.js';
export { attachProcessHooks, type ProcessHooks } from './processHooks.js';
export { nodeAead, nodeGzip, nodeProviders, nodeZstd, prepareZstd } from './providers.js';
export { kyRequest } from './request.js';
export { addScopeAttributes, currentScope, scopeAttributes, scopeFormat, withScope } from './scope.js';
export { SealPool, type SealPoolOptions, sharedSealPool } from './sealPool.js';
export { type FlushingLogger, invocationAttributes, type WithLogFluxOptions, withLogFlux } from './serverless.js';
export { oncePerClass, problemOf, startWorkerClient, type WorkerClientOptions, type WorkerProblem } from './workerClient.js';
export { type RecordWorker, type RecordWorkerOptions, type RecordWorkerStats, startRecordWorker } from './workerHost.js';
